package io.fer.training.listen;

import io.fer.training.TransformerTrainer;

/**
 * One finished training epoch, as the listeners see it.
 *
 * @param epoch  1-based
 * @param epochs the most this training runs
 * @param loss   the epoch's mean training loss
 * @param tookMs the epoch's time, training steps only
 * @param fitted the network after this epoch, still training: it predicts and exports
 */
public record EpochEnd(int epoch, int epochs, double loss, long tookMs, TransformerTrainer.Fitted fitted) {}
