package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.EmotionSummary;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.summaries.TrackSummary;
import io.fer.testing.Checkout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The Python example (examples/python/fer_events.py, Debian's python3-confluent-kafka and python3-avro) reads the
 * events and summaries that fer writes: the same records, decoded from the single-object encoding with nothing but
 * the .avsc files.
 */
class PythonConsumerITCase {
    static final Path REPO = Checkout.root();
    private static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    @Test
    void thePythonExampleDecodesEventsAndSummaries() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String b = broker.bootstrapServers();
            TopicCreator.ensure(b, Topics.all(1, List.of()));
            List<EmotionEvent> events = new ArrayList<>();
            TrackSummary track = new TrackSummary();
            for (int i = 0; i < 5; i++) {
                EmotionEvent e = event(i * 4L, i < 4 ? "happy" : "sad");
                events.add(e);
                track.add(e);
            }
            events.add(marker(0, 0));
            events.add(marker(-1, 1));
            track.add(marker(0, 0));
            EmotionSummary trackSummary = track.toAvro();
            EmotionSummary streamSummary = EmotionSummary.newBuilder(trackSummary).setTrackId(-1).setTransitions(List.of()).build();
            try (var p = new KafkaProducer<String, byte[]>(KafkaProps.producer(b))) {
                for (EmotionEvent e : events) {
                    p.send(new ProducerRecord<>(Topics.EMOTIONS, "py/" + e.getTrackId(), AvroSerde.emotions().encode(e)));
                }
                p.send(new ProducerRecord<>(Topics.SUMMARIES, "py/0", AvroSerde.summaries().encode(trackSummary)));
                p.send(new ProducerRecord<>(Topics.SUMMARIES, "py", AvroSerde.summaries().encode(streamSummary)));
            }
            Process py = new ProcessBuilder("/usr/bin/python3", REPO.resolve("examples/python/fer_events.py").toString(), "--bootstrap", b,
                    "--schemas", REPO.resolve("schemas/src/main/avro").toString(), "--stream", "py", "--from-beginning", "--until-end",
                    "--summaries", "--timeout", "60").redirectErrorStream(false).start();
            String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(py.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(py.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(py.exitValue()).as(out + err).isZero();
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(json.readTree(l));
                }
            }
            List<JsonNode> got = lines.stream().filter(l -> l.get("type").asText().equals("event")).toList();
            assertThat(got).hasSize(events.size());
            for (int i = 0; i < events.size(); i++) {
                EmotionEvent e = events.get(i);
                assertThat(got.get(i).get("trackId").asInt()).isEqualTo(e.getTrackId());
                assertThat(got.get(i).get("label").asText()).isEqualTo(e.getLabel());
                assertThat(got.get(i).get("firstFrameIndex").asLong()).isEqualTo(e.getFirstFrameIndex());
                for (int k = 0; k < e.getProbabilities().size(); k++) {
                    assertThat(got.get(i).get("probabilities").get(k).floatValue()).isEqualTo(e.getProbabilities().get(k));
                }
            }
            List<JsonNode> summaries = lines.stream().filter(l -> l.get("type").asText().equals("summary")).toList();
            assertThat(summaries).hasSize(2);
            assertThat(summaries.get(0).get("dominant").asText()).isEqualTo("happy");
            assertThat(summaries.get(0).get("transitions")).isEmpty(); // one sad window does not flip it
            assertThat(summaries.get(1).get("trackId").asInt()).isEqualTo(-1);
        }
    }

    private static EmotionEvent event(long first, String label) {
        List<Float> p = new ArrayList<>();
        for (String c : CLASSES) {
            p.add(c.equals(label) ? 0.76f : 0.04f);
        }
        return EmotionEvent.newBuilder().setStreamId("py").setTrackId(0).setWindowStartUs(first * 40_000)
                .setWindowEndUs((first + 16) * 40_000).setFirstFrameIndex(first).setLastFrameIndex(first + 15).setClasses(CLASSES)
                .setProbabilities(p).setLabel(label).setConfidence(0.76f).setModelVersion("m").setModalities(List.of("expression"))
                .setEndOfTrack(false).setTracksInStream(0).build();
    }

    private static EmotionEvent marker(int track, int tracksInStream) {
        return EmotionEvent.newBuilder().setStreamId("py").setTrackId(track).setWindowStartUs(0).setWindowEndUs(0)
                .setFirstFrameIndex(0).setLastFrameIndex(0).setClasses(CLASSES).setProbabilities(List.of()).setLabel("")
                .setConfidence(0).setModelVersion("m").setModalities(List.of()).setEndOfTrack(true).setTracksInStream(tracksInStream).build();
    }
}
