package io.fer.training.cv;

import java.util.ArrayList;
import java.util.List;

/**
 * A given validation split (FER2013's public test) as the one held-out fold of a {@link CrossValidation} run: the
 * learner trains on the training clips and scores the validation clips. Validation groups are renamed so that none can
 * coincide with a training group.
 */
public record GivenSplit(List<LabelledWindows> clips, List<List<String>> folds) {
    public static GivenSplit of(List<LabelledWindows> train, List<LabelledWindows> validation) {
        List<LabelledWindows> held = validation.stream()
                .map(v -> new LabelledWindows(v.id(), "validation/" + v.group(), v.label(), v.windows(), v.augmented())).toList();
        List<LabelledWindows> all = new ArrayList<>(train);
        all.addAll(held);
        return new GivenSplit(all, List.of(held.stream().map(LabelledWindows::group).distinct().toList()));
    }
}
