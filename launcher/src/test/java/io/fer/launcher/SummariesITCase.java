package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.launcher.process.StreamEvents;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.EmotionSummary;
import io.fer.schemas.Topics;
import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.summaries.SummariesService;
import io.fer.testing.TestModels;
import io.fer.testing.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summariser on the real pipeline's events (embedded broker, workers, classifier): GET /streams/{id} answers the
 * dominant emotion the events show, its tracks answer too, and fer.summaries carries the same (Avro).
 */
class SummariesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStreamsDominantEmotionMatchesItsEvents(@TempDir Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        try (EmbeddedStack stack = EmbeddedStack.forModel(store, model).start();
                SummariesService summaries = new SummariesService(KafkaSettings.of(stack.bootstrap()), dir.resolve("state"), HttpAccess.loopback(), 0)) {
            summaries.start();
            FaultToleranceITCase.ingest(stack.bootstrap(), SampleClip.ensure(store), "clip");
            List<EmotionEvent> events = StreamEvents.readComplete(stack.bootstrap(), "clip", Duration.ofMinutes(4));
            Map<String, Double> time = new HashMap<>();
            events.stream().filter(e -> !e.getEndOfTrack()).forEach(e -> time.merge(e.getLabel(), 1.0, Double::sum));
            String mostWindows = time.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

            JsonNode s = awaitEnded(summaries.port(), "clip");
            assertThat(s.get("trackId").asInt()).isEqualTo(-1);
            assertThat(s.get("windows").asLong()).isEqualTo(events.stream().filter(e -> !e.getEndOfTrack()).count());
            assertThat(s.get("dominant").asText()).as("the label of most windows: " + time).isEqualTo(mostWindows);
            int tracks = (int) events.stream().filter(e -> e.getEndOfTrack() && e.getTrackId() >= 0).map(EmotionEvent::getTrackId).distinct().count();
            assertThat(s.get("tracks").asInt()).isEqualTo(tracks);
            JsonNode firstTrack = s.get("trackSummaries").get(0);
            JsonNode t = get(summaries.port(), "/streams/clip/tracks/" + firstTrack.get("trackId").asInt());
            assertThat(t.get("dominant").asText()).isEqualTo(firstTrack.get("dominant").asText());
            assertThat(t.get("ended").asBoolean()).isTrue();
            assertThat(get(summaries.port(), "/streams")).anyMatch(n -> n.asText().equals("clip"));
            assertThat(status(summaries.port(), "/streams/nope")).isEqualTo(404);

            EmotionSummary onTopic = lastOnTopic(stack.bootstrap(), "clip");
            assertThat(onTopic.getDominant()).isEqualTo(mostWindows);
            assertThat(onTopic.getEnded()).isTrue();
        }
    }

    private static JsonNode awaitEnded(int port, String stream) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            if (status(port, "/streams/" + stream) == 200) {
                last = get(port, "/streams/" + stream);
                if (last.get("ended").asBoolean()) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no ended summary of " + stream + " within 2 minutes: " + last);
    }

    private static JsonNode get(int port, String path) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int status(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static EmotionSummary lastOnTopic(String b, String key) {
        return TopicRecords.upToEnd(b, Topics.SUMMARIES, "read_committed").stream()
                .filter(r -> key.equals(r.key())).map(r -> AvroSerde.summaries().decode(r.value())).reduce((x, y) -> y).orElse(null);
    }
}
