package io.fer.training.listen;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * A progress line per epoch, per N epochs or at most every so often: the loss, the validation scores when there are
 * any, the time so far or left.
 */
public final class EpochLog implements TrainingListener {
    private final Consumer<String> progress;
    private final String prefix;
    private final int everyEpochs;
    private final long minIntervalNs;
    private final ValidationScores validation;
    private final long startNs = System.nanoTime();
    private long lastLineNs = startNs;

    private EpochLog(Consumer<String> progress, String prefix, int everyEpochs, long minIntervalNs, ValidationScores validation) {
        this.progress = progress;
        this.prefix = prefix;
        this.everyEpochs = everyEpochs;
        this.minIntervalNs = minIntervalNs;
        this.validation = validation;
    }

    /** Every epoch, with the validation scores, the epoch's time and the time left. */
    public static EpochLog withValidation(Consumer<String> progress, ValidationScores validation) {
        return new EpochLog(progress, "", 1, 0, validation);
    }

    /** The loss every N epochs and at the last. */
    public static EpochLog every(int epochs, Consumer<String> progress, String prefix) {
        return new EpochLog(progress, prefix, epochs, 0, null);
    }

    /** The loss at most once per interval: long runs say how far they are, short ones stay quiet. */
    public static EpochLog atMostEvery(long intervalNs, Consumer<String> progress, String prefix) {
        return new EpochLog(progress, prefix, 1, intervalNs, null);
    }

    @Override
    public boolean onEpoch(EpochEnd e) {
        long now = System.nanoTime();
        boolean due = minIntervalNs > 0 ? now - lastLineNs > minIntervalNs : e.epoch() % everyEpochs == 0 || e.epoch() == e.epochs();
        if (!due) {
            return true;
        }
        lastLineNs = now;
        if (validation == null) {
            progress.accept(String.format(Locale.ROOT, "%sepoch %d/%d: loss %.4f (%.0f s)", prefix, e.epoch(), e.epochs(), e.loss(),
                    (now - startNs) / 1e9));
        } else {
            double[] val = validation.of(e);
            progress.accept(String.format(Locale.ROOT, "%sepoch %d/%d  loss %.4f  val WAR %.3f  UAR %.3f  (%d ms, ETA %ds)", prefix,
                    e.epoch(), e.epochs(), e.loss(), val[0], val[1], e.tookMs(), e.tookMs() * (e.epochs() - e.epoch()) / 1000));
        }
        return true;
    }
}
