package io.fer.workers.stage;

import java.util.ArrayList;
import java.util.List;

/** The logic of one stage: one input record in, the output records out. */
public interface RecordProcessor extends AutoCloseable {
    /** dead letters found inside an otherwise good record are returned among the outputs. */
    List<StageOutput> process(StageInput record) throws BadRecordException;

    /**
     * All records of one poll; a processor that batches model calls across records overrides this. A bad record
     * becomes a dead letter among the outputs; the others are processed.
     */
    default List<StageOutput> processAll(String stage, List<StageInput> records) {
        List<StageOutput> out = new ArrayList<>();
        for (StageInput r : records) {
            try {
                out.addAll(process(r));
            } catch (BadRecordException e) {
                out.add(DeadLetters.record(stage, r, e.getMessage()));
            }
        }
        return out;
    }

    @Override
    default void close() {}
}
