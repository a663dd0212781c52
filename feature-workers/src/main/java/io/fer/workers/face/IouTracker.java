package io.fer.workers.face;

import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives the faces of one stream stable track ids from frame to frame by box overlap. A track not
 * seen for longer than maxGapUs is dropped, so a face that returns later gets a new id.
 */
public final class IouTracker {
    private final float minIou;
    private final long maxGapUs;
    private final List<Track> active = new ArrayList<>();
    private final Set<Integer> allIds = new TreeSet<>();
    private int nextId;

    private static final class Track {
        final int id;
        Box box;
        long lastSeenUs;

        Track(int id, Box box, long ts) {
            this.id = id;
            this.box = box;
            this.lastSeenUs = ts;
        }
    }

    public IouTracker(float minIou, long maxGapUs) {
        this.minIou = minIou;
        this.maxGapUs = maxGapUs;
    }

    /** Track ids for the boxes of one frame, in the same order. */
    public int[] assign(List<Box> boxes, long timestampUs) {
        active.removeIf(t -> timestampUs - t.lastSeenUs > maxGapUs);
        int[] ids = new int[boxes.size()];
        boolean[] taken = new boolean[active.size()];
        // greedy: best overlapping pairs first
        List<int[]> pairs = new ArrayList<>();
        for (int b = 0; b < boxes.size(); b++) {
            for (int t = 0; t < active.size(); t++) {
                pairs.add(new int[] {b, t});
            }
        }
        pairs.sort((p, q) -> Float.compare(iou(boxes, q), iou(boxes, p)));
        boolean[] assigned = new boolean[boxes.size()];
        for (int[] p : pairs) {
            if (assigned[p[0]] || taken[p[1]] || iou(boxes, p) < minIou) {
                continue;
            }
            assigned[p[0]] = true;
            taken[p[1]] = true;
            Track t = active.get(p[1]);
            t.box = boxes.get(p[0]);
            t.lastSeenUs = timestampUs;
            ids[p[0]] = t.id;
        }
        for (int b = 0; b < boxes.size(); b++) {
            if (!assigned[b]) {
                Track t = new Track(nextId++, boxes.get(b), timestampUs);
                active.add(t);
                allIds.add(t.id);
                ids[b] = t.id;
            }
        }
        return ids;
    }

    private float iou(List<Box> boxes, int[] pair) {
        return boxes.get(pair[0]).iou(active.get(pair[1]).box);
    }

    /** Every id this tracker has handed out. */
    public Set<Integer> allTrackIds() {
        return Set.copyOf(allIds);
    }
}
