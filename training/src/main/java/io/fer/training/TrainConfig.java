package io.fer.training;

/** Optimisation settings; a fixed seed reproduces a run. */
public record TrainConfig(int epochs, int batchSize, float learningRate, long seed, float frameDropout) {
    public static final TrainConfig DEFAULT = new TrainConfig(30, 64, 1e-3f, 42, 0.1f);

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || learningRate <= 0 || frameDropout < 0 || frameDropout >= 1) {
            throw new IllegalArgumentException("invalid training settings: " + this);
        }
    }
}
