package io.fer.workers.stage;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The logic of one stage: one input record in, the output records out. */
public interface RecordProcessor extends AutoCloseable {
    /** dead letters found inside an otherwise good record are returned among the outputs. */
    List<ProducerRecord<String, byte[]>> process(ConsumerRecord<String, byte[]> record) throws BadRecordException;

    @Override
    default void close() {}
}
