package io.fer.training.listen;

import io.fer.training.Clip;
import io.fer.training.TransformerTrainer;
import java.util.List;

/** The validation windows' WAR and UAR after each epoch, computed once per epoch however many listeners ask. */
public final class ValidationScores {
    private final List<Clip> windows;
    private int scoredEpoch = -1;
    private double[] scores;

    public ValidationScores(List<Clip> windows) {
        this.windows = windows;
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }

    /** {WAR, UAR} of the epoch's network; NaN without validation windows. */
    public double[] of(EpochEnd e) {
        if (windows.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (scoredEpoch != e.epoch()) {
            scores = TransformerTrainer.scores(e.fitted().predict(windows), windows);
            scoredEpoch = e.epoch();
        }
        return scores;
    }
}
