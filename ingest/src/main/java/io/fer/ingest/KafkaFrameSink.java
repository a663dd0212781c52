package io.fer.ingest;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.kafka.KafkaSettings;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes frame batches to fer.frames keyed by stream id (one stream stays ordered on one partition). A failed
 * send ends the stream with a {@link PublishException} that says how many frames were not delivered; sends give up
 * after {@link #DELIVERY_TIMEOUT_MS} (unless --kafka-config sets delivery.timeout.ms / max.block.ms).
 */
public final class KafkaFrameSink implements FrameSink {
    private final Producer<String, byte[]> producer;
    private final AvroSerde<FrameBatch> serde = AvroSerde.frames();
    private final String topic;
    static final int DELIVERY_TIMEOUT_MS = 30_000;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    public KafkaFrameSink(String bootstrap) {
        this(KafkaSettings.of(bootstrap));
    }

    public KafkaFrameSink(KafkaSettings kafka) {
        this(new KafkaProducer<>(withTimeouts(kafka.producer())), kafka.topics().frames());
    }

    KafkaFrameSink(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> props) {
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        return props;
    }

    @Override
    public void publish(FrameBatch batch) {
        int frames = batch.getFrames().size();
        sent.addAndGet(frames);
        if (failure.get() != null) {
            undelivered.addAndGet(frames);
            throwIfFailed();
        }
        try {
            producer.send(new ProducerRecord<>(topic, batch.getStreamId(), serde.encode(batch)), (md, e) -> {
                if (e != null) {
                    undelivered.addAndGet(frames);
                    failure.compareAndSet(null, e);
                }
            });
        } catch (KafkaException e) {
            undelivered.addAndGet(frames); // metadata not available within max.block.ms, or the record is refused
            failure.compareAndSet(null, e);
            throwIfFailed();
        }
    }

    /** Frames in batches Kafka did not take: final once the sink is closed (close waits for every send's outcome). */
    public long undeliveredFrames() {
        return undelivered.get();
    }

    /** Frames handed to the sink. */
    public long sentFrames() {
        return sent.get();
    }

    public boolean failed() {
        return failure.get() != null;
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new PublishException("Kafka did not take the frames (" + topic + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
