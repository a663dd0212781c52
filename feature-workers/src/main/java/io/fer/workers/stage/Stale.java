package io.fer.workers.stage;

import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;

/**
 * Whether the face stage drops a frame unprocessed: only frames of live streams that shed (their batch carries a
 * bound), reached later than that bound after their capture. Such a frame could only give an event later than its
 * stream allows, and processing it delays every newer frame behind it. Files carry no bound and are never dropped.
 */
final class Stale {
    private Stale() {
    }

    static boolean frame(FrameBatch batch, Frame frame, long nowUs) {
        long boundMs = batch.getStaleAfterMs();
        return boundMs > 0 && nowUs - frame.getTimestampUs() > boundMs * 1000;
    }
}
