package io.fer.launcher.runtime;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.StreamCompletion;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaProps;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Subscribes to fer.emotions (read_committed: only events of completed checkpoints), hands each window event to a
 * callback, and tells when a stream is complete: its stream end marker (track -1) has arrived, and as many track end
 * markers as it counts.
 */
public final class EventCollector implements Runnable, AutoCloseable {
    private final String bootstrap;
    private final String streamId;
    private final Consumer<EmotionEvent> onEvent;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch complete = new CountDownLatch(1);
    private final AtomicLong events = new AtomicLong();
    private final StreamCompletion completion = new StreamCompletion();

    public EventCollector(String bootstrap, String streamId, Consumer<EmotionEvent> onEvent) {
        this.bootstrap = bootstrap;
        this.streamId = streamId;
        this.onEvent = onEvent;
    }

    @Override
    public void run() {
        Map<String, Object> props = new HashMap<>(KafkaProps.consumer(bootstrap, "fer-demo-" + System.nanoTime()));
        AvroSerde<EmotionEvent> serde = AvroSerde.emotions();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            consumer.subscribe(List.of(Topics.EMOTIONS));
            while (running.get()) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    EmotionEvent e = serde.decode(r.value());
                    if (!e.getStreamId().equals(streamId)) {
                        continue;
                    }
                    if (completion.accept(e)) {
                        complete.countDown();
                    }
                    if (!e.getEndOfTrack()) {
                        events.incrementAndGet();
                        onEvent.accept(e);
                    }
                }
            }
        }
    }

    public boolean awaitComplete(Duration timeout) throws InterruptedException {
        return complete.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long events() {
        return events.get();
    }

    @Override
    public void close() {
        running.set(false);
    }
}
