package io.fer.classifier.window;

import io.fer.classifier.model.FeatureWindow;
import java.util.List;

/**
 * Reads one track's frames in order from where it stopped to the stream's frontier: a gap longer than the idle time
 * ends the segment before it; complete windows are emitted; a track idle at the frontier ends. Reading only up to the
 * frontier, in frame order, makes what a track emits independent of when its vectors arrived. A live stream that
 * sheds keeps one frame in k: its idle time is k times as long, so a track misses as many kept frames before it ends
 * as one of a stream that sheds nothing (the face tracker scales its gap the same way).
 */
final class TrackScanner {
    private final WindowPlan plan;
    private final long idleUs;
    private final WindowBuilder windows;
    private final AssemblyGauges gauges;

    TrackScanner(ModalityLayout layout, WindowPlan plan, AssemblyTiming timing, AssemblyGauges gauges) {
        this.plan = plan;
        this.idleUs = timing.trackIdle().toNanos() / 1000;
        this.windows = new WindowBuilder(layout, plan);
        this.gauges = gauges;
    }

    void scan(String streamId, StreamState state, StreamCursor stream, TrackCursor t, long frontier, long frontierTs,
            AssemblyOutput out) {
        long to = Math.min(frontier, t.maxArrivedFrame);
        for (long i = t.scannedTo + 1; i <= to; i++) {
            FrameSlot slot = state.slot(WindowBuilder.slotKey(t.trackId, i));
            if (slot == null) {
                continue;
            }
            if (t.open() && slot.timestampUs - t.lastDataTs > idleUs(Math.max(t.lastKeepEvery, slot.keepEvery))) {
                endSegment(streamId, state, stream, t, out);
            }
            if (!t.open()) {
                t.firstFrame = i;
                t.nextStart = i;
            }
            t.lastDataFrame = i;
            t.lastDataTs = slot.timestampUs;
            t.lastKeepEvery = slot.keepEvery;
        }
        t.scannedTo = Math.max(t.scannedTo, frontier);
        if (t.open() && frontierTs - t.lastDataTs > idleUs(t.lastKeepEvery)) {
            endSegment(streamId, state, stream, t, out);
        }
        if (t.open()) {
            List<Long> starts = plan.completeWindows(t.nextStart, t.lastDataFrame);
            for (long start : starts) {
                out.emit(windows.window(streamId, t.trackId, start, state));
                t.lastEmittedStart = start;
            }
            long next = plan.after(starts, t.nextStart);
            // keep a stride before the next start: the tail window at the track's end may reach back that far
            removeSlots(state, t.trackId, t.nextStart - plan.stride(), next - plan.stride() - 1);
            t.nextStart = next;
        }
        if (!t.open() && t.maxArrivedFrame <= t.scannedTo) {
            state.removeTrack(t.trackId);
            gauges.tracksOpened(-1);
        } else {
            state.track(t);
        }
    }

    /** The idle time after frames kept one in keepEvery (between two frames: the sparser one's; 0, from older state, is 1). */
    private long idleUs(int keepEvery) {
        return idleUs * Math.max(1, keepEvery);
    }

    /** The track's segment ends: its remaining complete windows, a tail window if frames are left over, its marker. */
    private void endSegment(String streamId, StreamState state, StreamCursor stream, TrackCursor t, AssemblyOutput out) {
        List<Long> starts = plan.completeWindows(t.nextStart, t.lastDataFrame);
        for (long start : starts) {
            out.emit(windows.window(streamId, t.trackId, start, state));
            t.lastEmittedStart = start;
        }
        Long tail = plan.tailWindow(t.firstFrame, t.lastEmittedStart, t.lastDataFrame);
        if (tail != null) {
            out.emit(windows.window(streamId, t.trackId, tail, state));
        }
        out.emit(FeatureWindow.endMarker(streamId, t.trackId, t.lastDataTs, 0));
        stream.endedTracks++;
        removeSlots(state, t.trackId, t.firstFrame, t.lastDataFrame);
        t.resetSegment();
    }

    private void removeSlots(StreamState state, int trackId, long from, long to) {
        for (long i = Math.max(0, from); i <= to; i++) {
            if (state.removeSlot(WindowBuilder.slotKey(trackId, i))) {
                gauges.framesBuffered(-1);
            }
        }
    }
}
