package io.fer.workers.stage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommitCadenceTest {
    @Test
    void shortRoundsShareATransactionUntilTheInterval() {
        CommitCadence c = new CommitCadence(100);
        assertFalse(c.commitBefore(16, 0), "nothing open");
        c.opened(0);
        c.processed(1, 5);
        assertFalse(c.commitAfter(5));
        assertFalse(c.commitBefore(1, 10), "a 5 ms round joins a 10 ms old transaction");
        assertTrue(c.commitAfter(100));
        c.closed();
        assertFalse(c.open());
    }

    @Test
    void aRoundExpectedToOutliveTheIntervalCommitsTheOpenTransactionFirst() {
        CommitCadence c = new CommitCadence(100);
        c.opened(0);
        c.processed(2, 20); // 10 ms per record
        assertFalse(c.commitBefore(2, 30));
        // 16 records at 10 ms would hold it open 190 ms: a slow stage (batch-1 models, many faces) held it past the
        // broker's transaction timeout and was fenced
        assertTrue(c.commitBefore(16, 30));
    }
}
