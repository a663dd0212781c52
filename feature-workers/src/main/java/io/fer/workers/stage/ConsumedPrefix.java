package io.fer.workers.stage;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How much of a topic every one of its readers is done with: per partition, the smallest offset the readers' groups
 * have committed, where each of them has committed one. Records before it are needed by no one and may be deleted.
 * Pure: offsets in, offsets out.
 */
public final class ConsumedPrefix {
    private ConsumedPrefix() {}

    /**
     * @param committed per reader group, its committed offset per partition (a group or partition missing: nothing
     *                  committed there yet, so nothing may go)
     * @param deleted   per partition, the offset records are already deleted before
     * @return per partition, the offset to delete records before, where it moved past {@code deleted}
     */
    public static Map<Integer, Long> deletable(Collection<String> readers, Map<String, Map<Integer, Long>> committed,
            Collection<Integer> partitions, Map<Integer, Long> deleted) {
        Map<Integer, Long> out = new HashMap<>();
        for (int p : partitions) {
            long min = Long.MAX_VALUE;
            for (String group : readers) {
                Long offset = committed.getOrDefault(group, Map.of()).get(p);
                if (offset == null) {
                    min = -1;
                    break;
                }
                min = Math.min(min, offset);
            }
            if (min > deleted.getOrDefault(p, 0L) && min != Long.MAX_VALUE) {
                out.put(p, min);
            }
        }
        return out;
    }
}
