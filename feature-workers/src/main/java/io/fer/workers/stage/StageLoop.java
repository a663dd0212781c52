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

    private final String name;
    private final String bootstrap;
    private final String inputTopic;
    private final RecordProcessor processor;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Throwable failure;

    public StageLoop(String name, String bootstrap, String inputTopic, RecordProcessor processor) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.inputTopic = inputTopic;
        this.processor = processor;
    }

    @Override
    public void run() {
        AvroSerde<DeadLetter> dlq = AvroSerde.deadLetters();
        try (var consumer = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(bootstrap, "fer-" + name));
                var producer = new KafkaProducer<String, byte[]>(KafkaProps.producer(bootstrap))) {
            consumer.subscribe(List.of(inputTopic));
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<Future<?>> sent = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    List<ProducerRecord<String, byte[]>> out;
                    try {
                        out = processor.process(r);
                    } catch (BadRecordException e) {
                        LOG.warn("{}: {}-{}@{} to {}: {}", name, r.topic(), r.partition(), r.offset(), Topics.DLQ, e.getMessage());
                        out = List.of(new ProducerRecord<>(Topics.DLQ, r.key(), dlq.encode(deadLetter(name, r, e.getMessage()))));
                    }
                    out.forEach(o -> sent.add(producer.send(o)));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                consumer.commitSync();
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
