package io.fer.workers.expression;

import java.util.List;

/** Class names of the pretrained expression model (mini-Xception trained on FER-2013), in its output order. */
public final class EmotionClasses {
    public static final List<String> MODEL_ORDER = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    private EmotionClasses() {}
}
