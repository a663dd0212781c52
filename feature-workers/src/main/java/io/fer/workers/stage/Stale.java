package io.fer.workers.stage;

import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;

/**
 * Whether a stage drops a frame unprocessed: only frames of live streams that shed (their batch carries a bound),
 * reached later than that bound after their capture. Such a frame could only give an event later than its stream
 * allows, and processing it delays every newer frame behind it. Files carry no bound and are never dropped. The face
 * stage drops frames, a modality stage the faces of a frame (and still reports progress past it).
 */
final class Stale {
    private Stale() {
    }

    static boolean frame(FrameBatch batch, Frame frame, long nowUs) {
        return late(batch.getStaleAfterMs(), frame.getTimestampUs(), nowUs);
    }

    static boolean frame(FaceBatch batch, FaceFrame frame, long nowUs) {
        return late(batch.getStaleAfterMs(), frame.getTimestampUs(), nowUs);
    }

    private static boolean late(long boundMs, long capturedUs, long nowUs) {
        return boundMs > 0 && nowUs - capturedUs > boundMs * 1000;
    }
}
