package io.fer.training.cv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Subject-independent folds: every group (subject) lands in exactly one fold, so no person is on both sides of a
 * split. Groups are shuffled with the seed and dealt in turn, so folds differ by at most one subject.
 */
public final class SubjectFolds {
    private SubjectFolds() {}

    public static List<List<String>> of(Collection<String> groups, int k, long seed) {
        List<String> all = new ArrayList<>(groups.stream().distinct().sorted().toList());
        if (k < 2 || k > all.size()) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " subjects; the data has " + all.size());
        }
        Collections.shuffle(all, new Random(seed));
        List<List<String>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            folds.get(i % k).add(all.get(i));
        }
        folds.forEach(Collections::sort);
        return folds;
    }
}
