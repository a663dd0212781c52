package io.fer.bench;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.StreamCompletion;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** A subscriber of fer.emotions with one isolation level: latencies and which streams are complete. */
final class EventSubscriber extends Thread {
    private final String bootstrap;
    private final String isolation;
    private final Map<String, StreamCompletion> completions = new ConcurrentHashMap<>();
    volatile LatencyRecorder latency = new LatencyRecorder();
    private volatile boolean running = true;
    private Runnable healthCheck = () -> { };

    EventSubscriber(String bootstrap, String isolation) {
        super("fer-bench-" + isolation);
        setDaemon(true);
        this.bootstrap = bootstrap;
        this.isolation = isolation;
    }

    @Override
    public void run() {
        Map<String, Object> props = KafkaSettings.of(bootstrap).reader();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        var serde = AvroSerde.emotions();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            consumer.seekToBeginning(Partitions.assignAll(consumer, List.of(Topics.EMOTIONS)));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(20));
                long now = System.nanoTime();
                for (var r : records) {
                    EmotionEvent e = serde.decode(r.value());
                    completions.computeIfAbsent(e.getStreamId(), k -> new StreamCompletion()).accept(e);
                    if (!e.getEndOfTrack()) {
                        latency.eventRead(e.getStreamId(), e.getTrackId(), e.getFirstFrameIndex(), e.getLastFrameIndex(), now);
                    }
                }
            }
        }
    }

    void await(String stream, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            StreamCompletion c = completions.get(stream);
            if (c != null && c.complete()) {
                return;
            }
            healthCheck.run();
            Thread.sleep(20);
        }
        throw new IllegalStateException("stream " + stream + " did not complete within " + timeout);
    }

    /** While awaiting a stream: a check that throws when what the stream needs is gone. */
    void failWhen(Runnable check) {
        healthCheck = check;
    }

    void finish() throws InterruptedException {
        running = false;
        join(5_000);
    }
}
