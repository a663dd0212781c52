package io.fer.training.cv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Folds for data without subject ids (still images): each class's groups are shuffled with the seed and dealt in turn
 * over the folds, so every fold holds each class's share. Nothing keeps one person out of two folds: results from
 * such folds are not subject-independent, and the callers say so.
 */
public final class StratifiedFolds {
    private StratifiedFolds() {}

    public static List<List<String>> of(List<LabelledWindows> clips, int k, long seed) {
        Map<Integer, List<String>> byClass = new TreeMap<>();
        clips.stream().map(c -> Map.entry(c.label(), c.group())).distinct().sorted(Map.Entry.comparingByValue())
                .forEach(e -> byClass.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(e.getValue()));
        long groups = byClass.values().stream().mapToLong(List::size).sum();
        if (k < 2 || k > groups) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " clips; the data has " + groups);
        }
        Random random = new Random(seed);
        List<List<String>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (List<String> members : byClass.values()) {
            Collections.shuffle(members, random);
            for (String g : members) {
                folds.get(next++ % k).add(g);
            }
        }
        folds.forEach(Collections::sort);
        return folds;
    }

    /** Subject folds where the groups are persons, else class-stratified folds. */
    public static List<List<String>> forData(List<LabelledWindows> clips, boolean personGroups, int k, long seed) {
        return personGroups ? SubjectFolds.of(clips.stream().map(LabelledWindows::group).toList(), k, seed) : of(clips, k, seed);
    }
}
