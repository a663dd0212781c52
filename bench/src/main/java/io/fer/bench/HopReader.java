package io.fer.bench;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.Partitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads fer.frames, fer.faces, the model's fer.emb.M topics and fer.emotions as they are written (read_uncommitted)
 * and notes, for the latency run's streams, when each record carrying a frame (or an event) was produced.
 */
final class HopReader extends Thread {
    private final String bootstrap;
    private final List<String> modalities;
    private final LatencyHops hops;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    HopReader(String bootstrap, List<String> modalities, LatencyHops hops) {
        super("fer-bench-hops");
        setDaemon(true);
        this.bootstrap = bootstrap;
        this.modalities = modalities;
        this.hops = hops;
    }

    void startAndAwaitAssignment() throws InterruptedException {
        start();
        assigned.await(1, TimeUnit.MINUTES);
    }

    @Override
    public void run() {
        Map<String, Object> props = KafkaSettings.of(bootstrap).reader();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        List<String> topics = new ArrayList<>(List.of(Topics.FRAMES, Topics.FACES, Topics.EMOTIONS));
        modalities.forEach(m -> topics.add(Topics.embedding(m)));
        var frames = AvroSerde.frames();
        var faces = AvroSerde.faces();
        var embeddings = AvroSerde.embeddings();
        var events = AvroSerde.emotions();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            var partitions = Partitions.assignAll(consumer, topics);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets before the streams start
            assigned.countDown();
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    if (r.key() == null || !r.key().startsWith("latency-") || r.value() == null) {
                        continue;
                    }
                    String topic = r.topic();
                    if (topic.equals(Topics.FRAMES)) {
                        frames.decode(r.value()).getFrames().forEach(f -> hops.at(LatencyHops.FRAMES, r.key(), f.getFrameIndex(), r.timestamp()));
                    } else if (topic.equals(Topics.FACES)) {
                        faces.decode(r.value()).getFrames().forEach(f -> hops.at(LatencyHops.FACES, r.key(), f.getFrameIndex(), r.timestamp()));
                    } else if (topic.equals(Topics.EMOTIONS)) {
                        EmotionEvent e = events.decode(r.value());
                        if (!e.getEndOfTrack()) {
                            hops.event(e.getStreamId(), e.getTrackId(), e.getFirstFrameIndex(), e.getLastFrameIndex(), r.timestamp());
                        }
                    } else {
                        var v = embeddings.decode(r.value());
                        if (!v.getEndOfTrack() && !v.getProgress()) {
                            hops.at(v.getModality(), r.key(), v.getFrameIndex(), r.timestamp());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("bench pipeline: the latency breakdown reader stopped: " + e.getMessage());
        } finally {
            assigned.countDown();
        }
    }

    void finish() throws InterruptedException {
        running = false;
        join(5_000);
    }
}
