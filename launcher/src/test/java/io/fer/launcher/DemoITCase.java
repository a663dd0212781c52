package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.testing.TestModels;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole path in one JVM, as `fer demo` runs it: JavaCV ingest -> in-process Kafka -> face and expression
 * workers (real pretrained models) -> Flink MiniCluster with the temporal transformer -> fer.emotions.
 */
class DemoITCase {
    private static final int FRAMES = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aVideoOfASmilingPersonYieldsHappyEventsForEveryWindow(@TempDir Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path clip = smilingClip(store, dir.resolve("smile.mp4"));
        Path events = dir.resolve("ev.jsonl");

        Path report = dir.resolve("report.html");
        int rc = run("demo", "--source", clip.toString(), "--events-out", events.toString(), "--stream-id", "smile",
                "--report", report.toString());

        assertThat(rc).isZero();
        // the report: self-contained (nothing fetched), a chart per track with a line per emotion, the dominant one,
        // face crops of each track inline
        String html = Files.readString(report);
        assertThat(html).contains("<svg").contains("dominant <b>happy</b>").doesNotContain("<script").doesNotContain("src=\"http");
        int tracks = html.split("<svg", -1).length - 1;
        assertThat(html.split("<div class=\"faces\">", -1).length - 1).as("a strip of face crops per track").isEqualTo(tracks);
        // 60 frames at 25 fps, a crop every 0.5 s at most: 5 per track
        assertThat(html.split("src=\"data:image/jpeg;base64,", -1).length - 1).isBetween(tracks, 5 * tracks);
        assertThat(html.split("<polyline", -1).length - 1).isGreaterThanOrEqualTo(7).isEqualTo(7 * (html.split("<svg", -1).length - 1));
        // fer report reads the same JSON Lines back into the same page (up to the JSON's rounding of probabilities)
        Path again = dir.resolve("again.html");
        assertThat(run("report", "--events", events.toString(), "--out", again.toString(), "--title", clip.toString())).isZero();
        String fromJson = Files.readString(again);
        assertThat(fromJson.split("<polyline", -1).length).isEqualTo(html.split("<polyline", -1).length);
        assertThat(fromJson.replaceAll("[0-9.]+", "#")).isEqualTo(html.replaceAll("<div class=\"faces\">.*?</div>", "").replaceAll("[0-9.]+", "#"));
        List<JsonNode> ev = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            ev.add(JSON.readTree(line));
        }
        Map<Integer, List<JsonNode>> byTrack = ev.stream().collect(Collectors.groupingBy(e -> e.get("trackId").asInt()));
        List<JsonNode> main = byTrack.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        // windows of 16 frames sliding by 4 over 60 frames: starts 0, 4, ..., 44
        assertThat(main).hasSizeGreaterThanOrEqualTo((FRAMES - 16) / 4 + 1);
        for (JsonNode e : ev) {
            assertThat(e.get("streamId").asText()).isEqualTo("smile");
            assertThat(e.get("windowEndUs").asLong()).isGreaterThan(e.get("windowStartUs").asLong());
            assertThat(e.get("modelVersion").asText()).isNotBlank();
            JsonNode p = e.get("probabilities");
            JsonNode classes = e.get("classes");
            assertThat(p.size()).isEqualTo(7);
            assertThat(classes.size()).isEqualTo(7);
            double sum = 0;
            String best = null;
            double bestP = -1;
            for (int i = 0; i < p.size(); i++) {
                sum += p.get(i).asDouble();
                if (p.get(i).asDouble() > bestP) {
                    bestP = p.get(i).asDouble();
                    best = classes.get(i).asText();
                }
            }
            assertThat(sum).isCloseTo(1.0, Assertions.within(1e-3));
            assertThat(e.get("label").asText()).isEqualTo(best);
        }
        long happy = main.stream().filter(e -> e.get("label").asText().equals("happy")).count();
        assertThat(happy).as("happy windows of the smiling face").isGreaterThan(main.size() * 8L / 10);
    }

    @Test
    void aMissingSourceFailsFastWithAReasonNamingIt(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = Fer.commandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("demo", "--source", dir.resolve("nope.mp4").toString());
        assertThat(rc).isNotZero();
        assertThat(err.toString().strip()).contains("nope.mp4").contains("no such file").doesNotContain("\tat ");
    }

    private static int run(String... args) {
        return Fer.commandLine().execute(args);
    }

    /** 480x360 at 25 fps around the broadly smiling woman of sample3 (face ~190 px), panning slowly. */
    static Path smilingClip(ModelStore store, Path out) throws Exception {
        RgbImage photo = Images.decode(Files.readAllBytes(store.file("sample3.jpg")));
        Box face;
        try (FaceDetector detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT)) {
            face = detector.detect(photo).stream().map(Detection::box).sorted(Comparator.comparingDouble(Box::x)).toList().get(1);
        }
        float regionW = face.width() * 480f / 190f;
        float regionH = regionW * 3 / 4;
        SampleClip.record(out, 480, 360, 25, FRAMES, i -> {
            float dx = (i - FRAMES / 2f) * 0.6f;
            Box region = new Box(face.cx() - regionW / 2 + dx, face.cy() - regionH / 2, regionW, regionH);
            return Images.toBuffered(Images.crop(photo, region, 480, 360));
        });
        return out;
    }
}
