package io.fer.launcher.process;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.StreamCompletion;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.testing.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.assertj.core.api.Assertions;

/** Every fer.emotions record of one stream, as a subscriber reads them (read_committed unless told otherwise). */
public final class StreamEvents {
    private StreamEvents() {}

    /** One event as a comparable line: track, window, label. */
    public static String key(EmotionEvent e) {
        return e.getTrackId() + "/" + e.getFirstFrameIndex() + ".." + e.getLastFrameIndex() + (e.getEndOfTrack() ? "/end" : "");
    }

    /** The events by window (track, frame range, marker); a duplicate would collapse into one entry. */
    public static Map<String, EmotionEvent> byWindow(List<EmotionEvent> events) {
        Map<String, EmotionEvent> m = new LinkedHashMap<>();
        events.forEach(e -> m.put(key(e), e));
        return m;
    }

    /**
     * Asserts the same windows with the same modalities and labels, probabilities within 1e-5; returns the largest
     * probability difference.
     */
    public static double assertSameEvents(Map<String, EmotionEvent> got, Map<String, EmotionEvent> reference, String how) {
        Assertions.assertThat(got.keySet()).as(how + ": the same windows").isEqualTo(reference.keySet());
        double maxDiff = 0;
        for (Map.Entry<String, EmotionEvent> e : reference.entrySet()) {
            EmotionEvent r = e.getValue();
            EmotionEvent g = got.get(e.getKey());
            Assertions.assertThat(g.getModalities()).as(how + " " + e.getKey()).isEqualTo(r.getModalities());
            Assertions.assertThat(g.getLabel()).as(how + " " + e.getKey()).isEqualTo(r.getLabel());
            for (int k = 0; k < r.getProbabilities().size(); k++) {
                Assertions.assertThat(g.getProbabilities().get(k)).as(how + " " + e.getKey())
                        .isCloseTo(r.getProbabilities().get(k), Assertions.within(1e-5f));
                maxDiff = Math.max(maxDiff, Math.abs(g.getProbabilities().get(k) - r.getProbabilities().get(k)));
            }
        }
        return maxDiff;
    }

    /** Reads until the stream's end marker and as many track end markers as it counts have arrived, or the timeout. */
    public static List<EmotionEvent> readComplete(String bootstrap, String streamId, Duration timeout) {
        return readUntilComplete(bootstrap, streamId, timeout);
    }

    /** The first committed records of the stream that one poll returns, or none within the timeout. */
    public static List<EmotionEvent> readFirst(String bootstrap, String streamId, Duration timeout) {
        Map<String, Object> props = new HashMap<>(KafkaProps.consumer(bootstrap, "test-" + System.nanoTime()));
        AvroSerde<EmotionEvent> serde = AvroSerde.emotions();
        List<EmotionEvent> out = new ArrayList<>();
        try (var c = new KafkaConsumer<String, byte[]>(props)) {
            c.subscribe(List.of(Topics.EMOTIONS));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (out.isEmpty() && System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    EmotionEvent e = serde.decode(r.value());
                    if (e.getStreamId().equals(streamId)) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Reads what is there now: every record up to the end offsets at the moment of the call (with read_committed, the
     * last stable offsets). Not "until quiet": a live stream is never quiet, and this must not wait for its end.
     */
    public static List<EmotionEvent> readNow(String bootstrap, String streamId, String isolation) {
        AvroSerde<EmotionEvent> serde = AvroSerde.emotions();
        return TopicRecords.upToEnd(bootstrap, Topics.EMOTIONS, isolation).stream().map(r -> serde.decode(r.value()))
                .filter(e -> e.getStreamId().equals(streamId)).toList();
    }

    private static List<EmotionEvent> readUntilComplete(String bootstrap, String streamId, Duration timeout) {
        Map<String, Object> props = new HashMap<>(KafkaProps.consumer(bootstrap, "test-" + System.nanoTime()));
        List<EmotionEvent> out = new ArrayList<>();
        AvroSerde<EmotionEvent> serde = AvroSerde.emotions();
        StreamCompletion completion = new StreamCompletion();
        try (var c = new KafkaConsumer<String, byte[]>(props)) {
            c.subscribe(List.of(Topics.EMOTIONS));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(300))) {
                    EmotionEvent e = serde.decode(r.value());
                    if (!e.getStreamId().equals(streamId)) {
                        continue;
                    }
                    out.add(e);
                    completion.accept(e);
                }
                if (completion.complete()) {
                    return out;
                }
            }
        }
        throw new AssertionError("stream " + streamId + " did not complete within " + timeout + ": " + out.size()
                + " records read, " + completion.endedTracks() + " track ends, stream end " + completion.sawStreamEnd());
    }
}
