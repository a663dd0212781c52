package io.fer.classifier.window;

import java.security.SecureRandom;

/**
 * Open tracks and buffered frames of the streams one assembler instance holds. They are not kept in operator state,
 * which a rescale would hand to subtasks that do not own the streams they count: a stream's tracks and frames are
 * counted in when this instance first touches it, as recorded in the stream's own state under this instance's
 * epoch, so they follow the stream wherever its state goes.
 */
public final class AssemblyGauges {
    private final long epoch = new SecureRandom().nextLong();
    private long openTracks;
    private long bufferedFrames;

    /** Counts the stream in if this instance has not yet (after a start, restore or rescale). */
    void countIn(StreamState state) {
        Long counted = state.countedInEpoch();
        if (counted != null && counted == epoch) {
            return;
        }
        openTracks += state.tracks().size();
        bufferedFrames += state.slotCount();
        state.countedInEpoch(epoch);
    }

    /** A stream started afresh by this instance: its records join the gauges as they come. */
    void markCounted(StreamState state) {
        state.countedInEpoch(epoch);
    }

    void tracksOpened(long n) {
        openTracks += n;
    }

    void framesBuffered(long n) {
        bufferedFrames += n;
    }

    public long openTracks() {
        return openTracks;
    }

    public long bufferedFrames() {
        return bufferedFrames;
    }
}
