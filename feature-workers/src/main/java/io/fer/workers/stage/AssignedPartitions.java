package io.fer.workers.stage;

import io.fer.schemas.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A stage's input partitions and the processor state that goes with them: where reading resumes after an aborted
 * round (the last commit, with the state committed with it), which state a newly assigned or revoked partition brings
 * or takes away (read from the stage's changelog), and how far behind the stage is.
 */
final class AssignedPartitions {
    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordProcessor processor;
    private final KafkaSettings kafka;

    AssignedPartitions(KafkaConsumer<String, byte[]> consumer, RecordProcessor processor, KafkaSettings kafka) {
        this.consumer = consumer;
        this.processor = processor;
        this.kafka = kafka;
    }

    /** Back to the last commit of every assigned partition, with the state committed with it. */
    void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, o.offset());
            }
        }
        restore(assigned);
    }

    /** The committed state of these partitions' streams, from the changelog (a stateless stage has none). */
    void restore(Collection<TopicPartition> partitions) {
        if (processor instanceof StatefulProcessor stateful && !partitions.isEmpty()) {
            for (TopicPartition tp : partitions) {
                stateful.restore(tp.partition(), StateChangelog.read(kafka, kafka.topics().of(stateful.changelogTopic()), tp.partition()));
            }
        }
    }

    /** These partitions went to another worker: their streams' state goes too. */
    void forget(Collection<TopicPartition> partitions) {
        if (processor instanceof StatefulProcessor stateful) {
            partitions.forEach(tp -> stateful.forget(tp.partition()));
        }
    }

    /** Records not yet read in the assigned partitions (a request to the broker). */
    long lag() {
        var parts = consumer.assignment();
        if (parts.isEmpty()) {
            return 0;
        }
        long lag = 0;
        for (var e : consumer.endOffsets(parts).entrySet()) {
            lag += Math.max(0, e.getValue() - consumer.position(e.getKey()));
        }
        return lag;
    }

    /** The round's records as the stage's logic sees them. */
    static List<StageInput> inputsOf(List<ConsumerRecord<String, byte[]>> round) {
        List<StageInput> inputs = new ArrayList<>(round.size());
        for (ConsumerRecord<String, byte[]> r : round) {
            inputs.add(new StageInput(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
        }
        return inputs;
    }

    /** Per partition, the offset after the round's last record of it: where the next round starts. */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, byte[]>> round) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : round) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OffsetAndMetadata o = offsets.get(tp);
            if (o == null || o.offset() < r.offset() + 1) {
                offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        return offsets;
    }
}
