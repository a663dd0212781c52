package io.fer.classifier.window;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which windows of frame indices to emit, pure. Windows start at the track's first frame and slide by
 * the stride; at the end of a track one last window is aligned to its last frame if frames would
 * otherwise go unclassified, and a track shorter than a window still gets one (missing frames masked).
 */
public record WindowPlan(int frames, int stride) implements Serializable {
    public WindowPlan {
        if (frames < 1 || stride < 1) {
            throw new IllegalArgumentException("window frames and stride must be >= 1, got " + frames + " and " + stride);
        }
    }

    /** Starts of the complete windows beginning at or after nextStart that end at or before lastFinalFrame. */
    public List<Long> completeWindows(long nextStart, long lastFinalFrame) {
        List<Long> starts = new ArrayList<>();
        for (long s = nextStart; s + frames - 1 <= lastFinalFrame; s += stride) {
            starts.add(s);
        }
        return starts;
    }

    public long after(List<Long> emitted, long nextStart) {
        return emitted.isEmpty() ? nextStart : emitted.get(emitted.size() - 1) + stride;
    }

    /**
     * At end of track: the start of a last window covering frames up to lastFrame not yet covered, if any.
     *
     * @param lastEmittedStart start of the last window emitted, or -1 if none
     */
    public Long tailWindow(long firstFrame, long lastEmittedStart, long lastFrame) {
        if (lastEmittedStart < 0) {
            return firstFrame;
        }
        if (lastEmittedStart + frames - 1 >= lastFrame) {
            return null;
        }
        return Math.max(firstFrame, lastFrame - frames + 1);
    }
}
