package io.fer.classifier.flink;

import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/** One string key per subtask of a keyed operator: records sent under all of them reach every subtask once. */
final class KeyGroupKeys {
    private KeyGroupKeys() {}

    /** @return element i is a key that Flink routes to subtask i of an operator with this parallelism */
    static List<String> onePerSubtask(int maxParallelism, int parallelism) {
        String[] keys = new String[parallelism];
        int found = 0;
        for (int n = 0; found < parallelism; n++) {
            String key = "~liveness-" + n;
            int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism);
            if (keys[subtask] == null) {
                keys[subtask] = key;
                found++;
            }
        }
        return List.of(keys);
    }
}
