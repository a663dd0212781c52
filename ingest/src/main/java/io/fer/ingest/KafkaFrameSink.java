package io.fer.ingest;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.kafka.KafkaSettings;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes frame batches to fer.frames keyed by stream id (one stream stays ordered on one partition). */
public final class KafkaFrameSink implements FrameSink {
    private final Producer<String, byte[]> producer;
    private final AvroSerde<FrameBatch> serde = AvroSerde.frames();
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaFrameSink(String bootstrap) {
        this(KafkaSettings.of(bootstrap));
    }

    public KafkaFrameSink(KafkaSettings kafka) {
        this(new KafkaProducer<>(kafka.producer()), kafka.topics().frames());
    }

    KafkaFrameSink(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void publish(FrameBatch batch) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, batch.getStreamId(), serde.encode(batch)), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IngestException("publishing to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
