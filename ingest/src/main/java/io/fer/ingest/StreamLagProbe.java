package io.fer.ingest;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Tells each live stream's {@link LoadShedder} how far behind the pipeline is on it: reads the modality stages'
 * progress markers (fer.emb.*, read_uncommitted, from their end) and, whenever every modality that reports on the
 * stream has passed a later frame, hands that frame's capture time to the shedder. A marker follows every frame batch,
 * faces or not, so the lag is known from the stream's first frames on, long before its first window closes; only the
 * classifier's own step (tens of ms) comes on top for the events. One thread for all streams of an ingest process.
 */
public final class StreamLagProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLagProbe.class);
    private static final long TOPIC_REFRESH_MS = 5_000;
    /** a modality silent this long (a stage stopped, a model without it) no longer holds the stream's frontier back */
    private static final long SILENT_MODALITY_US = 5_000_000;

    private final KafkaSettings kafka;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** A stream's shedder and, per modality, the capture time of the last frame it finished and when it said so. */
    private static final class Watched {
        final LoadShedder shedder;
        final Map<String, long[]> modalities = new HashMap<>();
        long frontierUs = Long.MIN_VALUE;

        Watched(LoadShedder shedder) {
            this.shedder = shedder;
        }
    }

    public StreamLagProbe(KafkaSettings kafka) {
        this.kafka = kafka;
        this.thread = new Thread(this::run, "fer-stream-lag");
        this.thread.setDaemon(true);
    }

    public StreamLagProbe start() {
        thread.start();
        return this;
    }

    /** A shedder for this live stream, told from now on how far behind the pipeline is on it. */
    public LoadShedder shedderFor(String streamId, Duration maxLag) {
        LoadShedder shedder = new LoadShedder(maxLag);
        watched.put(streamId, new Watched(shedder));
        return shedder;
    }

    private void run() {
        Map<String, Object> props = kafka.reader();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        AvroSerde<ModalityEmbedding> serde = AvroSerde.embeddings();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            Set<TopicPartition> assigned = new HashSet<>();
            long refreshedAt = 0;
            while (running.get()) {
                if (System.currentTimeMillis() - refreshedAt > TOPIC_REFRESH_MS) {
                    assignNewEmbeddingTopics(consumer, assigned);
                    refreshedAt = System.currentTimeMillis();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    observe(r, serde);
                }
            }
        } catch (KafkaException e) {
            if (running.get()) {
                LOG.warn("live streams shed no frames from now on: reading the modality topics failed: {}", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Modality topics appear as workers start: new ones are read from their end. */
    private void assignNewEmbeddingTopics(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> assigned) {
        TopicNames names = kafka.topics();
        List<TopicPartition> fresh = new ArrayList<>();
        for (Map.Entry<String, List<PartitionInfo>> t : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
            if (names.modalityOf(t.getKey()) == null) {
                continue;
            }
            for (PartitionInfo p : t.getValue()) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            consumer.seekToEnd(fresh);
        }
    }

    private void observe(ConsumerRecord<byte[], byte[]> r, AvroSerde<ModalityEmbedding> serde) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        Watched w = watched.get(new String(r.key(), StandardCharsets.UTF_8));
        if (w == null) {
            return;
        }
        ModalityEmbedding m;
        try {
            m = serde.decode(r.value());
        } catch (RuntimeException unreadable) {
            return; // not ours to judge: the classifier dead-letters bad records
        }
        if (!m.getProgress()) {
            return;
        }
        long nowUs = System.currentTimeMillis() * 1000;
        w.modalities.put(m.getModality(), new long[] {m.getTimestampUs(), nowUs});
        long frontier = Long.MAX_VALUE;
        for (long[] latest : w.modalities.values()) {
            if (nowUs - latest[1] <= SILENT_MODALITY_US) {
                frontier = Math.min(frontier, latest[0]);
            }
        }
        if (frontier == Long.MAX_VALUE || frontier <= w.frontierUs) {
            return;
        }
        w.frontierUs = frontier;
        int before = w.shedder.keepEvery();
        w.shedder.observe(frontier, nowUs);
        int after = w.shedder.keepEvery();
        if (after != before) {
            LOG.info("stream {}: {} ms behind its frames: keeping 1 frame in {} (was {})", m.getStreamId(), (nowUs - frontier) / 1000,
                    after, before);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
