package io.fer.workers.stage;

import java.util.List;
import java.util.Map;

/**
 * A stage that keeps state per stream (the face stage's trackers). Its state goes to a compacted changelog topic
 * partitioned like the input, in the same transaction as the outputs and input offsets of the round that changed it;
 * a worker given a partition restores that partition's streams from the changelog before processing it.
 */
public interface StatefulProcessor extends RecordProcessor {
    String changelogTopic();

    /** State records of the streams changed since the last call (keyed by stream, to the input record's partition). */
    List<StageOutput> drainStateUpdates();

    /** Replaces the state of the streams of one input partition by the committed one (stream -> state). */
    void restore(int partition, Map<String, byte[]> states);

    /** The partition went to another worker: drop its streams' state. */
    void forget(int partition);
}
