package io.fer.training;

import io.fer.schemas.Probabilities;

/**
 * One training window: per-frame multi-modal vectors with presence masks, and a target distribution.
 *
 * @param features frames x featureDim, row-major; frames at most windowFrames (a trimmed window: a still has one)
 * @param mask     frames x modalities, 1 where present
 * @param target   class distribution (one-hot for labelled data, soft for distillation)
 * @param group    what must not be split across train and validation (subject, clip, face)
 */
public record Clip(float[] features, float[] mask, float[] target, String group) {
    public int argmaxTarget() {
        return Probabilities.argmax(target);
    }
}
