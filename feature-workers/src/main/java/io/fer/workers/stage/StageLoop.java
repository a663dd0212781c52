package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.DeadLetter;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaProps;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume, process, produce, commit: offsets are committed only after every output of the polled
 * records is acknowledged (at-least-once). A bad record goes to fer.dlq with the reason; the loop goes on.
 */
public final class StageLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);
    private static final int MAX_DLQ_PAYLOAD = 1024 * 1024;
    private static final long LAG_REFRESH_MS = 5_000;

    private final String name;
    private final String bootstrap;
    private final String inputTopic;
    private final RecordProcessor processor;
    private final StageMetrics metrics;
    private final int maxRecords;
    private final long lingerMs;
    private final String groupId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Throwable failure;
    private long lagCheckedAt;

    public StageLoop(String name, String bootstrap, String inputTopic, RecordProcessor processor) {
        this(name, bootstrap, inputTopic, processor, null, 16, 20);
    }

    /**
     * @param maxRecords records taken per round at most (bounds the memory in flight)
     * @param lingerMs   after the first records of a round, wait this long for more to fill model batches
     */
    public StageLoop(String name, String bootstrap, String inputTopic, RecordProcessor processor, StageMetrics metrics,
            int maxRecords, long lingerMs) {
        this(name, bootstrap, inputTopic, processor, metrics, maxRecords, lingerMs, "fer-" + name);
    }

    /** @param groupId the consumer group: workers of one stage share it and split the partitions */
    public StageLoop(String name, String bootstrap, String inputTopic, RecordProcessor processor, StageMetrics metrics,
            int maxRecords, long lingerMs, String groupId) {
        this.groupId = groupId;
        this.name = name;
        this.bootstrap = bootstrap;
        this.inputTopic = inputTopic;
        this.processor = processor;
        this.metrics = metrics;
        this.maxRecords = maxRecords;
        this.lingerMs = lingerMs;
    }

    @Override
    public void run() {
        var props = new java.util.HashMap<>(KafkaProps.consumer(bootstrap, groupId));
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        try (var consumer = new KafkaConsumer<String, byte[]>(props);
                var producer = new KafkaProducer<String, byte[]>(KafkaProps.producer(bootstrap))) {
            consumer.subscribe(List.of(inputTopic));
            while (running.get()) {
                List<ConsumerRecord<String, byte[]>> round = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(round::add);
                if (round.isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                long lingerEnd = System.currentTimeMillis() + lingerMs;
                while (round.size() < maxRecords && System.currentTimeMillis() < lingerEnd) {
                    consumer.poll(Duration.ofMillis(Math.max(1, lingerEnd - System.currentTimeMillis()))).forEach(round::add);
                }
                List<Future<?>> sent = new ArrayList<>();
                for (ProducerRecord<String, byte[]> o : processor.processAll(name, round)) {
                    if (o.topic().equals(Topics.DLQ)) {
                        LOG.warn("{}: dead letter: {}", name, AvroSerde.deadLetters().decode(o.value()).getReason());
                        if (metrics != null) {
                            metrics.deadLetter();
                        }
                    }
                    sent.add(producer.send(o));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                consumer.commitSync();
                if (metrics != null) {
                    metrics.poll(System.nanoTime() - start);
                    // the lag costs a request to the broker: refresh it every few seconds, not every round
                    if (System.currentTimeMillis() - lagCheckedAt > LAG_REFRESH_MS) {
                        metrics.lag(lag(consumer));
                        lagCheckedAt = System.currentTimeMillis();
                    }
                }
            }
        } catch (Throwable t) {
            if (running.get()) {
                failure = t;
                LOG.error("{} stage stopped: {}", name, t.toString(), t);
            }
        } finally {
            processor.close();
        }
    }

    private static long lag(KafkaConsumer<String, byte[]> consumer) {
        long lag = 0;
        var parts = consumer.assignment();
        if (parts.isEmpty()) {
            return 0;
        }
        for (var e : consumer.endOffsets(parts).entrySet()) {
            lag += Math.max(0, e.getValue() - consumer.position(e.getKey()));
        }
        return lag;
    }

    public static ProducerRecord<String, byte[]> deadLetterRecord(String stage, ConsumerRecord<String, byte[]> r, String reason) {
        return new ProducerRecord<>(Topics.DLQ, r.key(), AvroSerde.deadLetters().encode(deadLetter(stage, r, reason)));
    }

    public static DeadLetter deadLetter(String stage, ConsumerRecord<String, byte[]> r, String reason) {
        byte[] v = r.value();
        return DeadLetter.newBuilder().setStage(stage).setReason(reason).setSourceTopic(r.topic())
                .setSourcePartition(r.partition()).setSourceOffset(r.offset()).setStreamId(r.key())
                .setFailedAtMs(System.currentTimeMillis())
                .setPayload(v != null && v.length <= MAX_DLQ_PAYLOAD ? ByteBuffer.wrap(v) : null).build();
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running.set(false);
    }
}
