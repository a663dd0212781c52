package io.fer.workers.face;

import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives the faces of one stream stable track ids from frame to frame by box overlap plus appearance similarity:
 * overlapping boxes match first (ties broken by appearance); a face that jumped (fast motion, a missed frame) is
 * re-linked to a recently seen track if it looks the same and is near. A track not seen for longer than maxGapUs is
 * dropped, so a face that returns later gets a new id; on a live stream that sheds frames (keeps one in k) the gap is
 * k times as long, so a face is dropped after as many frames without it however many were shed. Pure.
 */
public final class IouTracker {
    private static final float APPEARANCE_WEIGHT = 0.5f;
    private static final float RELINK_SIMILARITY = 0.85f;
    private static final float RELINK_DISTANCE = 1.5f; // in face widths

    private final float minIou;
    private final long maxGapUs;
    private final List<Track> active = new ArrayList<>();
    private final Set<Integer> allIds = new TreeSet<>();
    private int nextId;

    private static final class Track {
        final int id;
        Box box;
        float[] signature;
        long lastSeenUs;

        Track(int id, Box box, float[] signature, long ts) {
            this.id = id;
            this.box = box;
            this.signature = signature;
            this.lastSeenUs = ts;
        }
    }

    public IouTracker(float minIou, long maxGapUs) {
        this.minIou = minIou;
        this.maxGapUs = maxGapUs;
    }

    /** Track ids for the boxes of one frame, in the same order, by overlap alone. */
    public int[] assign(List<Box> boxes, long timestampUs) {
        return assign(boxes, null, timestampUs);
    }

    /** @param signatures appearance signatures of the boxes ({@link AppearanceSignature}), or null */
    public int[] assign(List<Box> boxes, List<float[]> signatures, long timestampUs) {
        return assign(boxes, signatures, timestampUs, 1);
    }

    /**
     * @param keepEvery the frame is one of every keepEvery the source gave (the rest shed to hold a live stream's
     *                  latency, 1: none): at one key frame in 16 shed frames' time, a gap of 1 s would drop every face
     *                  between two key frames and give it a new id at each
     */
    public int[] assign(List<Box> boxes, List<float[]> signatures, long timestampUs, int keepEvery) {
        long gapUs = maxGapUs * Math.max(1, keepEvery);
        active.removeIf(t -> timestampUs - t.lastSeenUs > gapUs);
        int[] ids = new int[boxes.size()];
        boolean[] taken = new boolean[active.size()];
        boolean[] assigned = new boolean[boxes.size()];
        List<float[]> pairs = new ArrayList<>(); // {score, box, track}
        for (int b = 0; b < boxes.size(); b++) {
            for (int t = 0; t < active.size(); t++) {
                Track tr = active.get(t);
                float iou = boxes.get(b).iou(tr.box);
                float sim = similarity(signatures, b, tr);
                boolean overlaps = iou >= minIou;
                boolean relink = !overlaps && sim >= RELINK_SIMILARITY && near(boxes.get(b), tr.box);
                if (overlaps || relink) {
                    pairs.add(new float[] {(overlaps ? 1 + iou : 0) + APPEARANCE_WEIGHT * sim, b, t});
                }
            }
        }
        pairs.sort((p, q) -> Float.compare(q[0], p[0]));
        for (float[] p : pairs) {
            int b = (int) p[1];
            int t = (int) p[2];
            if (assigned[b] || taken[t]) {
                continue;
            }
            assigned[b] = true;
            taken[t] = true;
            Track tr = active.get(t);
            tr.box = boxes.get(b);
            tr.lastSeenUs = timestampUs;
            if (signatures != null) {
                tr.signature = blend(tr.signature, signatures.get(b));
            }
            ids[b] = tr.id;
        }
        for (int b = 0; b < boxes.size(); b++) {
            if (!assigned[b]) {
                Track t = new Track(nextId++, boxes.get(b), signatures == null ? null : signatures.get(b), timestampUs);
                active.add(t);
                allIds.add(t.id);
                ids[b] = t.id;
            }
        }
        return ids;
    }

    private static float similarity(List<float[]> signatures, int b, Track t) {
        if (signatures == null || t.signature == null) {
            return 0;
        }
        return AppearanceSignature.similarity(signatures.get(b), t.signature);
    }

    private static boolean near(Box a, Box b) {
        float dx = a.cx() - b.cx();
        float dy = a.cy() - b.cy();
        return Math.sqrt(dx * dx + dy * dy) < RELINK_DISTANCE * Math.max(a.width(), b.width());
    }

    /** An exponential moving average, so the signature follows slow lighting changes. */
    private static float[] blend(float[] old, float[] now) {
        if (old == null) {
            return now;
        }
        float[] out = new float[old.length];
        for (int i = 0; i < old.length; i++) {
            out[i] = 0.8f * old[i] + 0.2f * now[i];
        }
        return out;
    }

    /** Everything the tracker knows, to carry it across a restart: the same input then gets the same ids. */
    public record Snapshot(int nextId, List<Integer> allIds, List<TrackSnapshot> tracks) {}

    public record TrackSnapshot(int id, Box box, float[] signature, long lastSeenUs) {}

    public Snapshot snapshot() {
        List<TrackSnapshot> tracks = new ArrayList<>();
        for (Track t : active) {
            tracks.add(new TrackSnapshot(t.id, t.box, t.signature == null ? null : t.signature.clone(), t.lastSeenUs));
        }
        return new Snapshot(nextId, List.copyOf(allIds), tracks);
    }

    public static IouTracker restore(float minIou, long maxGapUs, Snapshot s) {
        IouTracker t = new IouTracker(minIou, maxGapUs);
        t.nextId = s.nextId();
        t.allIds.addAll(s.allIds());
        for (TrackSnapshot ts : s.tracks()) {
            t.active.add(new Track(ts.id(), ts.box(), ts.signature() == null ? null : ts.signature().clone(), ts.lastSeenUs()));
        }
        return t;
    }

    /** Every id this tracker has handed out. */
    public Set<Integer> allTrackIds() {
        return Set.copyOf(allIds);
    }
}
