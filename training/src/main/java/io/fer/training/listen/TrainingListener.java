package io.fer.training.listen;

import java.util.List;

/**
 * Follows training epoch by epoch, as DJL's TrainingListener does, so that logging, validation, early stopping,
 * checkpoints and export are each a listener instead of code inside the training loop.
 */
@FunctionalInterface
public interface TrainingListener {
    /** Returns false to stop training after this epoch. */
    boolean onEpoch(EpochEnd epoch);

    /** Every listener hears every epoch, in this order; training stops when any of them says so. */
    static TrainingListener all(TrainingListener... listeners) {
        List<TrainingListener> list = List.of(listeners);
        return epoch -> {
            boolean goOn = true;
            for (TrainingListener l : list) {
                goOn &= l.onEpoch(epoch);
            }
            return goOn;
        };
    }
}
