package io.fer.launcher.dashboard;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.Partitions;
import io.fer.schemas.registry.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Reads fer.emotions and fer.faces (read_committed, assigned partitions: no consumer group, nothing committed) into
 * the dashboard state and hands each resulting message on. It starts {@code history} back in time on both topics, so
 * an opened page shows the recent past at once. A record it cannot decode is skipped with one warning: the
 * dashboard only looks.
 */
public final class DashboardFeed implements Runnable {
    private final KafkaSettings kafka;
    private final DashboardState state;
    private final Consumer<DashboardState.Message> out;
    private final Duration history;
    private volatile boolean running = true;
    private volatile boolean assigned;
    private long skipped;

    private final boolean faceCrops;

    /** @param faceCrops false: fer.faces is not read at all (no thumbnails; fer dashboard --no-face-crops) */
    public DashboardFeed(KafkaSettings kafka, DashboardState state, Consumer<DashboardState.Message> out, Duration history,
            boolean faceCrops) {
        this.kafka = kafka;
        this.faceCrops = faceCrops;
        this.state = state;
        this.out = out;
        this.history = history;
    }

    @Override
    public void run() {
        RecordCodec<EmotionEvent> events = kafka.codec(EmotionEvent.class);
        AvroSerde<FaceBatch> faces = AvroSerde.faces();
        String emotionsTopic = kafka.topics().emotions();
        String facesTopic = kafka.topics().faces();
        try (var consumer = new KafkaConsumer<String, byte[]>(kafka.reader())) {
            List<TopicPartition> parts = Partitions.assignAll(consumer, readable(emotionsTopic, facesTopic));
            seekBack(consumer, parts);
            assigned = true;
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        if (r.topic().equals(emotionsTopic)) {
                            out.accept(state.onEvent(events.decode(r.value())));
                        } else {
                            onFaces(faces.decode(r.value()));
                        }
                    } catch (RuntimeException bad) {
                        if (skipped++ == 0) {
                            System.err.println("dashboard: skipping records it cannot read, first at " + r.topic() + "-" + r.partition()
                                    + "@" + r.offset() + ": " + bad.getMessage());
                        }
                    }
                }
            }
        }
    }

    /**
     * The events, and the faces where this principal may read them: a reader allowed emotions only (Kafka ACLs) still
     * gets the page, without face crops, and is told why once.
     */
    private List<String> readable(String emotionsTopic, String facesTopic) {
        if (!faceCrops) {
            return List.of(emotionsTopic);
        }
        // asked with a consumer of its own: one that was refused a topic keeps failing its later polls on it
        try (var probe = new KafkaConsumer<String, byte[]>(kafka.reader())) {
            probe.partitionsFor(facesTopic, Duration.ofSeconds(30));
            return List.of(emotionsTopic, facesTopic);
        } catch (TopicAuthorizationException e) {
            System.err.println("dashboard: no face crops: this client (" + kafka + ") may not read " + facesTopic
                    + " (Kafka ACLs); showing emotions only");
            return List.of(emotionsTopic);
        }
    }

    private void onFaces(FaceBatch batch) {
        for (FaceFrame frame : batch.getFrames()) {
            for (Face face : frame.getFaces()) {
                state.onFace(batch.getStreamId(), face.getTrackId(), frame.getFrameIndex(), frame.getTimestampUs(),
                        face.getFaceCrop().array()).ifPresent(out);
            }
        }
    }

    private void seekBack(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts) {
        long since = System.currentTimeMillis() - history.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        List<TopicPartition> none = new ArrayList<>();
        for (TopicPartition p : parts) {
            OffsetAndTimestamp o = found.get(p);
            if (o == null) {
                none.add(p); // nothing that recent
            } else {
                consumer.seek(p, o.offset());
            }
        }
        if (!none.isEmpty()) { // an empty list would mean every assigned partition, the found ones too
            consumer.seekToEnd(none);
        }
    }

    /** True once the feed reads its partitions: whatever is written after that shows up. */
    public boolean assigned() {
        return assigned;
    }

    public void stop() {
        running = false;
    }
}
