package io.fer.training.listen;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the epoch of the best validation UAR and stops after {@code patience} epochs without a better one. What to do
 * with a new best (export it) is {@code onBetter}'s: the model a user gets is the best epoch's, not the last's.
 */
public final class EarlyStopping implements TrainingListener {
    private final Function<EpochEnd, double[]> validation;
    private final int patience;
    private final Consumer<EpochEnd> onBetter;
    private final Consumer<String> progress;
    private double bestUar = -1;
    private double bestWar = Double.NaN;
    private int bestEpoch;

    /** @param validation {WAR, UAR} of an epoch's network on the validation windows ({@link ValidationScores#of}) */
    public EarlyStopping(Function<EpochEnd, double[]> validation, int patience, Consumer<EpochEnd> onBetter, Consumer<String> progress) {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping needs a patience of at least 1, got " + patience);
        }
        this.validation = validation;
        this.patience = patience;
        this.onBetter = onBetter;
        this.progress = progress;
    }

    @Override
    public boolean onEpoch(EpochEnd e) {
        double[] val = validation.apply(e);
        if (val[1] > bestUar) {
            bestUar = val[1];
            bestWar = val[0];
            bestEpoch = e.epoch();
            onBetter.accept(e);
            return true;
        }
        if (e.epoch() - bestEpoch >= patience) {
            progress.accept("no better validation UAR for " + patience + " epochs: stopping at epoch " + e.epoch()
                    + ", keeping epoch " + bestEpoch);
            return false;
        }
        return true;
    }

    public double bestUar() {
        return bestUar;
    }

    public double bestWar() {
        return bestWar;
    }

    public int bestEpoch() {
        return bestEpoch;
    }
}
