package io.fer.workers.face;

import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the face detector on every Nth frame of a stream (a key frame) and carries its faces over the frames in
 * between, each moved by the velocity it had between the last two key frames. Every modality still sees every frame;
 * only the boxes of the in-between frames are predicted. Which frames are key depends on frame indices alone, never on
 * how frames were batched, so a replay produces the same faces. Pure; one instance per stream.
 */
public final class KeyFrameFaces {
    /** A face of a key frame with the track id the tracker gave it. */
    public record TrackedDetection(int trackId, Detection detection) {}

    /** Everything needed to carry on after a restart exactly as before. */
    public record Snapshot(long lastKeyIndex, List<TrackedDetection> last, long previousKeyIndex, List<TrackedDetection> previous) {}

    public static final long NONE = Long.MIN_VALUE;

    private final int every;
    private long lastKeyIndex = NONE;
    private List<TrackedDetection> last = List.of();
    private long previousKeyIndex = NONE;
    private List<TrackedDetection> previous = List.of();
    /** track id -> {dx, dy} per frame between the last two key frames (derived from them) */
    private Map<Integer, float[]> velocity = Map.of();

    /** @param every detect on every {@code every}-th frame; 1 detects on all */
    public KeyFrameFaces(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("detect every " + every + " frames: needs at least 1");
        }
        this.every = every;
    }

    /**
     * Which of these consecutive frames (by index, in stream order) are key frames. A frame is key when no key frame
     * came before it, when it is {@code every} or more frames after the last one, or when indices went backwards (the
     * source restarted).
     */
    public boolean[] plan(List<Long> frameIndices) {
        boolean[] key = new boolean[frameIndices.size()];
        long k = lastKeyIndex;
        for (int i = 0; i < key.length; i++) {
            long f = frameIndices.get(i);
            key[i] = k == NONE || f - k >= every || f < k;
            if (key[i]) {
                k = f;
            }
        }
        return key;
    }

    /** The detected, tracked faces of a key frame. */
    public void keyFrame(long frameIndex, List<TrackedDetection> faces) {
        previousKeyIndex = lastKeyIndex;
        previous = last;
        lastKeyIndex = frameIndex;
        last = List.copyOf(faces);
        velocity = velocities();
    }

    private Map<Integer, float[]> velocities() {
        Map<Integer, float[]> out = new HashMap<>();
        if (previousKeyIndex == NONE) {
            return out;
        }
        Map<Integer, Detection> before = new HashMap<>();
        for (TrackedDetection t : previous) {
            before.put(t.trackId(), t.detection());
        }
        float perFrame = 1f / (lastKeyIndex - previousKeyIndex);
        for (TrackedDetection t : last) {
            Detection b = before.get(t.trackId());
            if (b != null) {
                Box now = t.detection().box();
                out.put(t.trackId(), new float[] {(now.cx() - b.box().cx()) * perFrame, (now.cy() - b.box().cy()) * perFrame});
            }
        }
        return out;
    }

    /** The faces of a frame after the last key frame: those of the key frame, moved by their velocity. */
    public List<TrackedDetection> predict(long frameIndex) {
        if (lastKeyIndex == NONE) {
            throw new IllegalStateException("frame " + frameIndex + " before any key frame");
        }
        long ahead = frameIndex - lastKeyIndex;
        List<TrackedDetection> out = new ArrayList<>(last.size());
        for (TrackedDetection t : last) {
            float[] v = velocity.get(t.trackId());
            out.add(v == null || ahead <= 0 ? t : new TrackedDetection(t.trackId(), moved(t.detection(), v[0] * ahead, v[1] * ahead)));
        }
        return out;
    }

    static Detection moved(Detection d, float dx, float dy) {
        Box b = d.box();
        float[] kp = d.keypoints().clone();
        for (int i = 0; i + 1 < kp.length; i += 2) {
            kp[i] += dx;
            kp[i + 1] += dy;
        }
        return new Detection(new Box(b.x() + dx, b.y() + dy, b.width(), b.height()), d.score(), kp);
    }

    /** The index of the last key frame, {@link #NONE} before the first. */
    public long lastKeyIndex() {
        return lastKeyIndex;
    }

    /** The faces of the last key frame. */
    public List<Detection> lastKeyFaces() {
        return last.stream().map(TrackedDetection::detection).toList();
    }

    public Snapshot snapshot() {
        return new Snapshot(lastKeyIndex, last, previousKeyIndex, previous);
    }

    public static KeyFrameFaces restore(int every, Snapshot s) {
        KeyFrameFaces k = new KeyFrameFaces(every);
        k.lastKeyIndex = s.lastKeyIndex();
        k.last = List.copyOf(s.last());
        k.previousKeyIndex = s.previousKeyIndex();
        k.previous = List.copyOf(s.previous());
        k.velocity = k.velocities();
        return k;
    }
}
