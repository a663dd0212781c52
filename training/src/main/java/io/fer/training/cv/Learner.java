package io.fer.training.cv;

import java.util.List;
import java.util.Map;

/**
 * Something cross-validation can train and score: fit on some clips, then give class probabilities per held-out
 * clip, for each of its candidate settings at once (a transformer reports several epoch counts from one run).
 */
public interface Learner {
    /** Per candidate setting (its description), per held-out clip, the class probabilities (null: no windows). */
    Map<String, float[][]> fitAndPredict(List<LabelledWindows> train, List<LabelledWindows> heldOut);
}
