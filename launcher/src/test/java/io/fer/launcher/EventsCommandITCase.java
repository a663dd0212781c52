package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.launcher.process.OsProcess;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.kafka.TopicCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fer events, as a subscriber runs it: the committed events of one stream, with the Avro schema's field names. */
class EventsCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    @Test
    void printsOneStreamsEventsAsJsonLinesWithTheAvroFieldNamesAndAsATable(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String b = broker.bootstrapServers();
            TopicCreator.ensure(b, Topics.all(1, List.of())); // one partition: the lines come in the order written
            List<EmotionEvent> mine = List.of(event("s1", 0, 0, 3), event("s1", 1, 0, 0), event("s1", 0, 4, 3),
                    marker("s1", 0, 0), marker("s1", 1, 0), marker("s1", -1, 2));
            try (var p = new KafkaProducer<String, byte[]>(KafkaProps.producer(b))) {
                p.send(new ProducerRecord<>(Topics.EMOTIONS, "other/0", AvroSerde.emotions().encode(event("other", 0, 0, 1))));
                for (EmotionEvent e : mine) {
                    p.send(new ProducerRecord<>(Topics.EMOTIONS, e.getStreamId() + "/" + e.getTrackId(), AvroSerde.emotions().encode(e)));
                }
            }
            OsProcess json = OsProcess.java("events-json", dir, List.of("-Xmx512m"), "io.fer.launcher.Fer", List.of("events",
                    "--bootstrap", b, "--stream", "s1", "--from-beginning", "--json", "--until-end"));
            assertThat(json.awaitExit(Duration.ofMinutes(1))).as(json.tail()).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(json.log())) {
                if (l.startsWith("{")) {
                    lines.add(JSON.readTree(l));
                }
            }
            assertThat(lines).as("the stream's 3 events, no markers, nothing of the other stream").hasSize(3);
            List<String> avroFields = EmotionEvent.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
            for (JsonNode l : lines) {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = l.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                assertThat(names).isEqualTo(avroFields);
                assertThat(l.get("streamId").asText()).isEqualTo("s1");
            }
            assertThat(lines.get(0).get("label").asText()).isEqualTo("happy");
            assertThat(lines.get(0).get("probabilities").get(3).asDouble()).isEqualTo(0.85, Assertions.within(1e-6));
            assertThat(lines.get(0).get("lastFrameIndex").asLong()).isEqualTo(15);

            OsProcess table = OsProcess.java("events-table", dir, List.of("-Xmx512m"), "io.fer.launcher.Fer", List.of("events",
                    "--bootstrap", b, "--stream", "s1", "--from-beginning", "--table", "--markers", "--until-end"));
            assertThat(table.awaitExit(Duration.ofMinutes(1))).as(table.tail()).isZero();
            List<String> rows = Files.readAllLines(table.log()).stream().filter(l -> l.startsWith("s1 ")).toList();
            assertThat(rows).hasSize(6);
            assertThat(rows.get(0)).contains("happy").contains("0-15");
            assertThat(rows.get(rows.size() - 1)).contains("end of stream (2 track ends)");
        }
    }

    static EmotionEvent event(String stream, int track, long first, int best) {
        List<Float> p = new ArrayList<>();
        for (int i = 0; i < CLASSES.size(); i++) {
            p.add(i == best ? 0.85f : 0.025f);
        }
        return EmotionEvent.newBuilder().setStreamId(stream).setTrackId(track).setWindowStartUs(first * 40_000)
                .setWindowEndUs((first + 15) * 40_000).setFirstFrameIndex(first).setLastFrameIndex(first + 15).setClasses(CLASSES)
                .setProbabilities(p).setLabel(CLASSES.get(best)).setConfidence(0.85f).setModelVersion("test")
                .setModalities(List.of("expression")).setEndOfTrack(false).setTracksInStream(0).build();
    }

    static EmotionEvent marker(String stream, int track, int tracksInStream) {
        return EmotionEvent.newBuilder().setStreamId(stream).setTrackId(track).setWindowStartUs(0).setWindowEndUs(0)
                .setFirstFrameIndex(0).setLastFrameIndex(0).setClasses(CLASSES).setProbabilities(List.of()).setLabel("")
                .setConfidence(0f).setModelVersion("test").setModalities(List.of()).setEndOfTrack(true)
                .setTracksInStream(tracksInStream).build();
    }
}
