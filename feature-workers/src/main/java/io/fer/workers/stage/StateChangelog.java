package io.fer.workers.stage;

import io.fer.schemas.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads one partition of a compacted changelog to its end, committed records only: the latest state per key. */
public final class StateChangelog {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private StateChangelog() {}

    public static Map<String, byte[]> read(KafkaSettings kafka, String topic, int partition) {
        var props = new HashMap<>(kafka.consumer("unused"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, not subscribed: no group, no commits
        Map<String, byte[]> state = new HashMap<>();
        TopicPartition tp = new TopicPartition(topic, partition);
        try (var c = new KafkaConsumer<String, byte[]>(props)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            // under read_committed the end offset is the last stable offset: open transactions are not waited for
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
            while (c.position(tp) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read " + tp + " to offset " + end + " within " + TIMEOUT);
                }
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        state.remove(r.key());
                    } else {
                        state.put(r.key(), r.value());
                    }
                }
            }
        }
        return state;
    }
}
