package io.fer.workers.stage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round's outputs, also when a record in it breaks the processor. A record with no value is a dead letter. When
 * processing the round throws (a model exception, a record the stage's checks missed), the state goes back to the last
 * commit and the records are processed one by one: the one that fails is dead-lettered with the exception, the others
 * go on. Errors (out of memory) are not caught: they end the stage, and the worker process with it.
 */
final class BadRecordSearch {
    private static final Logger LOG = LoggerFactory.getLogger(BadRecordSearch.class);

    private BadRecordSearch() {}

    /** @param backToCommitted puts the state of these input partitions back to their last commit */
    static List<StageOutput> outputs(String stage, RecordProcessor processor, List<StageInput> round,
            Consumer<Set<TopicPartition>> backToCommitted) {
        List<StageOutput> out = new ArrayList<>();
        List<StageInput> valued = new ArrayList<>();
        for (StageInput r : round) {
            if (r.value() == null) {
                out.add(DeadLetters.record(stage, r, "null value (a tombstone or a producer bug): nothing to process"));
            } else {
                valued.add(r);
            }
        }
        try {
            out.addAll(processor.processAll(stage, valued));
            return out;
        } catch (RuntimeException e) {
            LOG.warn("{}: a round of {} records failed ({}); processing them one by one to find the bad one", stage, valued.size(),
                    e.toString());
        }
        // each pass starts again from the committed state and skips the records found bad so far
        Map<StageInput, String> bad = new IdentityHashMap<>();
        while (true) {
            backToCommitted.accept(partitionsOf(valued));
            List<StageOutput> pass = new ArrayList<>(out);
            boolean clean = true;
            for (StageInput r : valued) {
                if (bad.containsKey(r)) {
                    pass.add(DeadLetters.record(stage, r, bad.get(r)));
                    continue;
                }
                try {
                    pass.addAll(processor.processAll(stage, List.of(r)));
                } catch (RuntimeException e) {
                    bad.put(r, "processing failed: " + e);
                    clean = false;
                    break;
                }
            }
            if (clean) {
                return pass;
            }
        }
    }

    private static Set<TopicPartition> partitionsOf(List<StageInput> records) {
        Set<TopicPartition> s = new HashSet<>();
        records.forEach(r -> s.add(new TopicPartition(r.topic(), r.partition())));
        return s;
    }
}
