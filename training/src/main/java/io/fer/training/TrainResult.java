package io.fer.training;

/** How training ended: the last epoch's mean loss and the validation accuracy against the targets' argmax. */
public record TrainResult(double finalLoss, double validationAccuracy, int epochs) {}
