package io.fer.workers.stage;

/**
 * When a stage's open transaction commits. Rounds that find more input waiting share one transaction (a commit costs
 * broker round trips that a one-frame round would pay alone), but the broker aborts a transaction older than its
 * timeout and fences the producer: so a transaction is committed once it is {@code intervalMs} old, and before a
 * round whose expected processing time (the last round's time per record) would carry it past that.
 */
final class CommitCadence {
    private final long intervalMs;
    private long openedAtMs = -1;
    private double msPerRecord;

    CommitCadence(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    boolean open() {
        return openedAtMs >= 0;
    }

    void opened(long nowMs) {
        openedAtMs = nowMs;
    }

    void closed() {
        openedAtMs = -1;
    }

    /** Before processing a round of this many records: whether the open transaction should commit first. */
    boolean commitBefore(int records, long nowMs) {
        return open() && nowMs - openedAtMs + msPerRecord * records >= intervalMs;
    }

    /** A round of this many records took this long to process. */
    void processed(int records, long tookMs) {
        if (records > 0) {
            msPerRecord = (double) tookMs / records;
        }
    }

    /** After a round's outputs were added: whether the transaction is old enough to commit. */
    boolean commitAfter(long nowMs) {
        return open() && nowMs - openedAtMs >= intervalMs;
    }
}
