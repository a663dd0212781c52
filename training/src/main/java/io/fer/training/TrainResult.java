package io.fer.training;

/**
 * How training ended: the last epoch's mean loss, the validation accuracy (WAR) and mean per-class recall (UAR) of
 * the exported model against the targets' argmax, and the epoch it comes from.
 */
public record TrainResult(double finalLoss, double validationAccuracy, int epochs, double validationUar, int bestEpoch) {
    public TrainResult(double finalLoss, double validationAccuracy, int epochs) {
        this(finalLoss, validationAccuracy, epochs, Double.NaN, epochs);
    }
}
