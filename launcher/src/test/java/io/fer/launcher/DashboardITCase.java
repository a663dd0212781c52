package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer.launcher.dashboard.Dashboard;
import io.fer.launcher.process.HeadlessChromium;
import io.fer.launcher.process.StreamEvents;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.summaries.TrackSummary;
import io.fer.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard on the real pipeline (embedded broker, face and expression workers, the Flink classifier), opened in
 * headless Chromium: a track appears within seconds of a stream starting, every track of the stream shows with the
 * current emotion the summaries' logic gives for its events and a face crop, a chart is drawn, the console stays free
 * of errors, and a page opened after the stream ended shows the same. The screenshot is kept in
 * launcher/target/dashboard-itcase.png. fer report --faces reads the same crops into the report.
 */
class DashboardITCase {
    @Test
    void showsTheTracksOfALiveStream(@TempDir Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        Path clip = SampleClip.ensure(store);
        try (EmbeddedStack stack = EmbeddedStack.forModel(store, model).start();
                Dashboard dashboard = Dashboard.start(KafkaSettings.of(stack.bootstrap()), HttpAccess.loopback(), 0, Duration.ofMinutes(10));
                HeadlessChromium browser = HeadlessChromium.start(dir.resolve("chromium"))) {
            await("the dashboard reads Kafka", Duration.ofSeconds(60), dashboard::ready);
            String page = "http://127.0.0.1:" + dashboard.port() + "/";
            browser.open(page);
            await("the page connects", Duration.ofSeconds(20), () -> browser.eval("return document.getElementById('status').textContent").asText().equals("live"));

            long startNs = System.nanoTime();
            Thread ingest = new Thread(() -> FaultToleranceITCase.ingest(stack.bootstrap(), clip, "lobby"));
            ingest.start();
            await("a track appears", Duration.ofSeconds(60), () -> browser.eval("return document.querySelectorAll('.track').length").asInt() > 0);
            System.out.printf("dashboard: first track shown %.1f s after the stream started%n", (System.nanoTime() - startNs) / 1e9);
            ingest.join();

            List<EmotionEvent> events = StreamEvents.readComplete(stack.bootstrap(), "lobby", Duration.ofMinutes(4));
            Map<Integer, TrackSummary> expected = new TreeMap<>();
            events.forEach(e -> expected.computeIfAbsent(e.getTrackId(), k -> new TrackSummary()).add(e));
            expected.remove(-1);
            await("every track has ended on the page", Duration.ofSeconds(30),
                    () -> browser.eval("return document.querySelectorAll('.track.ended').length").asInt() == expected.size());
            assertTracks(browser, expected);
            // the analysed frame rate (a live stream that sheds frames shows less than its source's)
            List<String> rates = events.stream().filter(e -> !e.getEndOfTrack() && e.getFramesPerSecond() > 0)
                    .map(e -> String.format(Locale.ROOT, "%.1f frames/s analysed", e.getFramesPerSecond())).distinct().toList();
            assertThat(browser.eval("return document.querySelector('section.stream[data-stream=lobby] h2 .rate').textContent").asText())
                    .as("the stream's frame rate").isIn(rates);
            browser.screenshot(Path.of("target", "dashboard-itcase.png"));
            assertThat(browser.consoleLog()).as("console").noneMatch(line -> line.startsWith("SEVERE") || line.startsWith("WARNING"));

            // a page opened later gets the same from the replay
            browser.open(page);
            await("the replay shows every track", Duration.ofSeconds(20),
                    () -> browser.eval("return document.querySelectorAll('.track.ended').length").asInt() == expected.size());
            assertTracks(browser, expected);
            assertThat(browser.consoleLog()).as("console after reload").noneMatch(line -> line.startsWith("SEVERE"));

            // bound for other machines with a token: the browser opens the link with the token once, then the page (its
            // event stream and face crops) runs on the cookie; without the token nothing is served
            Path tokenFile = Files.writeString(dir.resolve("token"), "dashboard-test-token-0123456789\n");
            try (Dashboard guarded = Dashboard.start(KafkaSettings.of(stack.bootstrap()), HttpAccess.of("0.0.0.0", tokenFile, null, null), 0,
                    Duration.ofMinutes(10))) {
                await("the guarded dashboard reads Kafka", Duration.ofSeconds(60), guarded::ready);
                String base = "http://127.0.0.1:" + guarded.port() + "/";
                var client = HttpClient.newHttpClient();
                assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "api/events")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
                browser.open(base + "?token=dashboard-test-token-0123456789");
                await("the page connects with the cookie", Duration.ofSeconds(20),
                        () -> browser.eval("return document.getElementById('status').textContent").asText().equals("live"));
                assertThat(browser.eval("return location.search").asText()).as("the token left the address").isEmpty();
                await("the replay shows every track behind the token", Duration.ofSeconds(20),
                        () -> browser.eval("return document.querySelectorAll('.track.ended').length").asInt() == expected.size());
                assertThat(browser.eval("return [...document.querySelectorAll('.track img')].filter(i => i.complete && i.naturalWidth > 0).length")
                        .asInt()).as("face crops load with the cookie").isGreaterThan(0);
            }

            // fer report --faces takes its face crops from the same fer.faces
            Path jsonl = dir.resolve("lobby.jsonl");
            Files.write(jsonl, events.stream().filter(e -> !e.getEndOfTrack()).map(EventJson::toJson).toList());
            Path html = dir.resolve("lobby.html");
            assertThat(Fer.commandLine().execute("report", "--events", jsonl.toString(), "--out", html.toString(), "--faces",
                    "--bootstrap", stack.bootstrap())).isZero();
            String report = Files.readString(html);
            assertThat(report.split("<div class=\"faces\">", -1).length - 1).as("a strip of face crops per track").isEqualTo(expected.size());
        }
    }

    private static void assertTracks(HeadlessChromium browser, Map<Integer, TrackSummary> expected) throws Exception {
        JsonNode tracks = browser.eval("return [...document.querySelectorAll('section.stream[data-stream=lobby] .track')].map(t => {"
                + " const c = t.querySelector('canvas'); const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let painted = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;"
                + " return {track: +t.dataset.track, label: t.querySelector('.label').firstChild.textContent,"
                + " face: t.querySelector('img.thumb').naturalWidth, painted: painted / (c.width * c.height)}; })");
        assertThat(tracks.size()).as("tracks on the page: " + tracks).isEqualTo(expected.size());
        int withFace = 0;
        for (JsonNode t : tracks) {
            TrackSummary s = expected.get(t.get("track").asInt());
            assertThat(s).as("track " + t + " is one of the events'").isNotNull();
            assertThat(t.get("label").asText()).as("current emotion of track " + t.get("track")).isEqualTo(s.current);
            assertThat(t.get("painted").asDouble()).as("chart of track " + t.get("track")).isGreaterThan(0.5);
            withFace += t.get("face").asInt() > 0 ? 1 : 0;
        }
        assertThat(withFace).as("tracks showing a face crop: " + tracks).isEqualTo(expected.size());
    }

    private static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
