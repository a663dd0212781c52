package io.fer.ingest;

import io.fer.schemas.EmotionEvent;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.registry.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each live stream's {@link LoadShedder} how late its events are: reads fer.emotions from its end,
 * read_uncommitted (an event counts when it is written, not when its checkpoint commits), and hands every window
 * event of a watched stream to that stream's shedder. The lag is the one users see: from the capture of a window's
 * last frame to its event. One thread for all streams of an ingest process.
 */
public final class EventLagProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLagProbe.class);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final KafkaSettings kafka;
    private final Map<String, LoadShedder> shedders = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public EventLagProbe(KafkaSettings kafka) {
        this.kafka = kafka;
        this.thread = new Thread(this::run, "fer-event-lag");
        this.thread.setDaemon(true);
    }

    public EventLagProbe start() {
        thread.start();
        return this;
    }

    /** From now on, this stream's events reach this shedder. */
    public void watch(String streamId, LoadShedder shedder) {
        shedders.put(streamId, shedder);
    }

    private void run() {
        Map<String, Object> props = kafka.reader();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        RecordCodec<EmotionEvent> codec = kafka.codec(EmotionEvent.class);
        String topic = kafka.topics().emotions();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            if (!assignFromEnd(consumer, topic)) {
                return;
            }
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    observe(r, codec);
                }
            }
        } catch (KafkaException e) {
            if (running.get()) {
                LOG.warn("live streams shed no frames from now on: reading {} failed: {}", topic, e.getMessage());
            }
        }
    }

    /** Waits for the topic (the classifier's deployment may create it after ingest starts); false when stopped. */
    private boolean assignFromEnd(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        while (running.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(all);
                consumer.seekToEnd(all);
                return true;
            }
            try {
                Thread.sleep(TOPIC_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void observe(ConsumerRecord<byte[], byte[]> r, RecordCodec<EmotionEvent> codec) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8); // streamId/trackId
        int slash = key.lastIndexOf('/');
        LoadShedder shedder = slash < 0 ? null : shedders.get(key.substring(0, slash));
        if (shedder == null) {
            return;
        }
        long nowUs = System.currentTimeMillis() * 1000;
        EmotionEvent e;
        try {
            e = codec.decode(r.value());
        } catch (RuntimeException unreadable) {
            return; // not ours to judge: subscribers and the dead-letter path report bad events
        }
        if (!e.getEndOfTrack()) {
            int before = shedder.keepEvery();
            shedder.observe(e.getWindowEndUs(), nowUs);
            int after = shedder.keepEvery();
            if (after != before) {
                LOG.info("stream {}: events {} ms behind its frames: keeping 1 frame in {} (was {})", e.getStreamId(),
                        (nowUs - e.getWindowEndUs()) / 1000, after, before);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
