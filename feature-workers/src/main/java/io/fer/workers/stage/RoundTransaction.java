package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.TopicNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka transaction a stage's rounds go into: begun by the first round after a commit, given each round's outputs
 * and input offsets, committed or aborted as a whole, when its {@link CommitCadence} says. Outputs are addressed by the
 * topics' default names and sent under this deployment's; one the broker would refuse as too large becomes a dead
 * letter saying so.
 */
final class RoundTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(RoundTransaction.class);
    /** Below the topics' max.message.bytes, with room for the record's key and headers. */
    static final int MAX_OUTPUT_BYTES = Topics.MAX_MESSAGE_BYTES - 64 * 1024;

    private final String stage;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicNames topics;
    private final StageMetrics metrics;
    private final CommitCadence cadence;

    RoundTransaction(String stage, KafkaProducer<String, byte[]> producer, TopicNames topics, StageMetrics metrics, long commitIntervalMs) {
        this.stage = stage;
        this.producer = producer;
        this.topics = topics;
        this.metrics = metrics;
        this.cadence = new CommitCadence(commitIntervalMs);
    }

    /** One round: its outputs (dead letters and state records among them) and the offsets after its input. */
    void add(List<StageOutput> outputs, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (!cadence.open()) {
            producer.beginTransaction();
            cadence.opened(System.currentTimeMillis());
        }
        outputs.forEach(this::send);
        producer.sendOffsetsToTransaction(offsets, group);
    }

    boolean open() {
        return cadence.open();
    }

    /** Before processing a round of this many records: whether the open transaction should commit first. */
    boolean dueBefore(int records) {
        return cadence.commitBefore(records, System.currentTimeMillis());
    }

    /** A round of this many records took this long to process (what the next one is expected to take). */
    void processed(int records, long tookMs) {
        cadence.processed(records, tookMs);
    }

    /** After a round was added: whether the transaction is old enough to commit. */
    boolean due() {
        return cadence.commitAfter(System.currentTimeMillis());
    }

    /** Its rounds' outputs, state and offsets become visible together; true if there was one to commit. */
    boolean commit() {
        if (!cadence.open()) {
            return false;
        }
        producer.commitTransaction();
        cadence.closed();
        return true;
    }

    void abort() {
        if (cadence.open()) {
            cadence.closed();
            producer.abortTransaction();
        }
    }

    /** The producer is closing with it open: the broker (or the next worker with this id) aborts it. */
    void abandon() {
        cadence.closed();
    }

    private void send(StageOutput addressed) {
        StageOutput o = new StageOutput(topics.of(addressed.topic()), addressed.partition(), addressed.key(), addressed.value());
        if (o.value() != null && o.value().length > MAX_OUTPUT_BYTES) {
            // the broker would refuse it, the transaction would abort, and the round would fail again for ever
            o = DeadLetters.oversize(stage, topics.dlq(), o, MAX_OUTPUT_BYTES);
        }
        if (o.topic().equals(topics.dlq())) {
            LOG.warn("{}: dead letter: {}", stage, AvroSerde.deadLetters().decode(o.value()).getReason());
            if (metrics != null) {
                metrics.deadLetter();
            }
        }
        producer.send(new ProducerRecord<>(o.topic(), o.partition(), o.key(), o.value()));
    }
}
