package io.fer.training.listen;

/** Remembers the last epoch heard: the final loss and how many epochs ran. */
public final class LastEpoch implements TrainingListener {
    private EpochEnd last;

    @Override
    public boolean onEpoch(EpochEnd epoch) {
        last = epoch;
        return true;
    }

    /** The last epoch, or null if none ran. */
    public EpochEnd epoch() {
        return last;
    }

    public double loss() {
        return last == null ? Double.NaN : last.loss();
    }

    public int epochs() {
        return last == null ? 0 : last.epoch();
    }
}
