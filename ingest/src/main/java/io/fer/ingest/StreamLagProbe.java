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
import java.util.LinkedHashSet;
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
        final String streamId;
        final LoadShedder shedder;
        final Map<String, long[]> modalities = new HashMap<>();
        long frontierUs = Long.MIN_VALUE;

        Watched(String streamId, LoadShedder shedder) {
            this.streamId = streamId;
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

    /**
     * A shedder for this live stream, told from now on how far behind the pipeline is on it. The streams of one probe
     * share one pipeline, so a stream starts at its share of one stream's cautious start, and siblings that have had
     * no evidence yet are raised to it ({@link LoadShedder#startFor}).
     */
    public synchronized LoadShedder shedderFor(String streamId, Duration maxLag) {
        int start = LoadShedder.startFor(watched.size() + 1);
        watched.values().forEach(w -> w.shedder.startNoLowerThan(start));
        LoadShedder shedder = new LoadShedder(maxLag, start);
        watched.put(streamId, new Watched(streamId, shedder));
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
                Set<Watched> advanced = new LinkedHashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Watched w = advance(r, serde);
                    if (w != null) {
                        advanced.add(w);
                    }
                }
                long nowUs = System.currentTimeMillis() * 1000;
                for (Watched w : advanced) {
                    tell(w, nowUs);
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

    /** The stream whose frontier this marker moved on, or null. */
    private Watched advance(ConsumerRecord<byte[], byte[]> r, AvroSerde<ModalityEmbedding> serde) {
        if (r.key() == null || r.value() == null) {
            return null;
        }
        Watched w = watched.get(new String(r.key(), StandardCharsets.UTF_8));
        if (w == null) {
            return null;
        }
        ModalityEmbedding m;
        try {
            m = serde.decode(r.value());
        } catch (RuntimeException unreadable) {
            return null; // not ours to judge: the classifier dead-letters bad records
        }
        if (!m.getProgress()) {
            return null;
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
            return null;
        }
        w.frontierUs = frontier;
        return w;
    }

    /**
     * The stream's newest frame every modality has finished, once per poll: the stages finish frames in rounds, so a
     * poll brings several at once, and their lags, older to newer, fall by their capture spacing; fed one by one, the
     * shedder would read that fall as a queue draining.
     */
    private void tell(Watched w, long nowUs) {
        int before = w.shedder.keepEvery();
        w.shedder.observe(w.frontierUs, nowUs);
        int after = w.shedder.keepEvery();
        if (after != before) {
            LOG.info("stream {}: {} ms behind its frames: keeping 1 frame in {} (was {})", w.streamId, (nowUs - w.frontierUs) / 1000,
                    after, before);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
