package io.fer.summaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.EmotionSummary;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.TopicNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class SummaryTopologyTest {
    static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    /** A window of 16 frames at 25 fps starting at frame {@code first}, leading with {@code label} at {@code p}. */
    static EmotionEvent window(String stream, int track, long first, String label, float p) {
        List<Float> probs = new ArrayList<>();
        for (String c : CLASSES) {
            probs.add(c.equals(label) ? p : (1 - p) / 6);
        }
        return EmotionEvent.newBuilder().setStreamId(stream).setTrackId(track).setWindowStartUs(first * 40_000)
                .setWindowEndUs((first + 16) * 40_000).setFirstFrameIndex(first).setLastFrameIndex(first + 15).setClasses(CLASSES)
                .setProbabilities(probs).setLabel(label).setConfidence(p).setModelVersion("m").setModalities(List.of("expression"))
                .setEndOfTrack(false).setTracksInStream(0).build();
    }

    static EmotionEvent end(String stream, int track, int tracksInStream) {
        return EmotionEvent.newBuilder().setStreamId(stream).setTrackId(track).setWindowStartUs(0).setWindowEndUs(0)
                .setFirstFrameIndex(0).setLastFrameIndex(0).setClasses(CLASSES).setProbabilities(List.of()).setLabel("")
                .setConfidence(0).setModelVersion("m").setModalities(List.of()).setEndOfTrack(true).setTracksInStream(tracksInStream).build();
    }

    @Test
    void oneNoisyWindowDoesNotFlipTheCurrentEmotionButARunDoes() {
        TrackSummary t = new TrackSummary();
        String[] labels = {"happy", "happy", "sad", "happy", "happy", "sad", "sad", "sad", "sad"};
        for (int i = 0; i < labels.length; i++) {
            t.add(window("s", 0, i * 4L, labels[i], 0.9f));
            if (i == 2 || i == 3) {
                assertThat(t.current).as("after window " + i).isEqualTo("happy");
            }
        }
        assertThat(t.current).isEqualTo("sad");
        assertThat(t.transitions).containsExactly(new TrackSummary.Transition("happy", "sad", 5 * 4 * 40_000L));
        assertThat(t.currentSinceUs).isEqualTo(5 * 4 * 40_000L);
        // time-weighted: the first window counts 16 frames, each later one the 4 frames it adds
        float[] s = t.shares();
        double happyTime = 16 + 4 * 3; // windows 0, 1, 3, 4
        double sadTime = 4 * 5;        // windows 2, 5..8
        double total = happyTime + sadTime;
        assertThat(s[CLASSES.indexOf("happy")]).isCloseTo((float) ((0.9 * happyTime + 0.1 / 6 * sadTime) / total), within(1e-5f));
        assertThat(t.dominant()).isEqualTo("happy");
        assertThat(t.startUs).isZero();
        assertThat(t.endUs).isEqualTo((8 * 4 + 16) * 40_000L);
    }

    @Test
    void tracksAndStreamsAreSummarisedToTheSummariesTopicAndTheStores() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(SummaryTopology.build(TopicNames.DEFAULT), p)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.EMOTIONS, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(Topics.SUMMARIES, Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
            // track 0: neutral for 20 frames of new time, then happy for 32; track 1: surprise for 24
            for (int i = 0; i < 10; i++) {
                in.pipeInput("cam/0", AvroSerde.emotions().encode(window("cam", 0, i * 4L, i < 2 ? "neutral" : "happy", 0.8f)));
            }
            for (int i = 0; i < 3; i++) {
                in.pipeInput("cam/1", AvroSerde.emotions().encode(window("cam", 1, 10 + i * 4L, "surprise", 0.7f)));
            }
            in.pipeInput("other/0", "not avro".getBytes()); // skipped, nothing stops
            in.pipeInput("cam/0", AvroSerde.emotions().encode(end("cam", 0, 0)));
            in.pipeInput("cam/1", AvroSerde.emotions().encode(end("cam", 1, 0)));
            in.pipeInput("cam/-1", AvroSerde.emotions().encode(end("cam", -1, 2)));

            Map<String, EmotionSummary> last = new HashMap<>();
            out.readKeyValuesToList().forEach(kv -> last.put(kv.key, AvroSerde.summaries().decode(kv.value)));
            assertThat(last).containsOnlyKeys("cam/0", "cam/1", "cam");
            EmotionSummary t0 = last.get("cam/0");
            assertThat(t0.getCurrent()).isEqualTo("happy");
            assertThat(t0.getDominant()).isEqualTo("happy");
            assertThat(t0.getEnded()).isTrue();
            assertThat(t0.getWindows()).isEqualTo(10);
            assertThat(t0.getTransitions()).hasSize(1);
            assertThat(t0.getTransitions().get(0).getFrom()).isEqualTo("neutral");
            assertThat(t0.getTransitions().get(0).getAtUs()).isEqualTo(8 * 40_000L);
            EmotionSummary stream = last.get("cam");
            assertThat(stream.getTrackId()).isEqualTo(-1);
            assertThat(stream.getTracks()).isEqualTo(2);
            assertThat(stream.getEnded()).isTrue();
            assertThat(stream.getWindows()).isEqualTo(13);
            assertThat(stream.getDominant()).isEqualTo("happy");
            float sum = 0;
            for (float f : stream.getShares()) {
                sum += f;
            }
            assertThat(sum).isCloseTo(1f, within(1e-4f));

            KeyValueStore<String, StreamSummary> streams = driver.getKeyValueStore(SummaryTopology.STREAMS);
            assertThat(streams.get("cam").tracks).containsOnlyKeys(0, 1);
            KeyValueStore<String, TrackSummary> tracks = driver.getKeyValueStore(SummaryTopology.TRACKS);
            assertThat(tracks.get("cam/1").current).isEqualTo("surprise");
        }
    }
}
