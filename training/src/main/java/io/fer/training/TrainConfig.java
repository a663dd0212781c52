package io.fer.training;

/**
 * Optimisation settings; a fixed seed reproduces a run.
 *
 * @param modalityDropout chance that one present modality of a training clip is masked, so serving survives a
 *                        missing modality
 * @param classBalanced   weigh each clip's loss by the inverse frequency of its class
 * @param patience        stop after this many epochs without a better validation UAR (0: never stop early)
 * @param inputDropout    chance that one standardised input value of a training window is set to 0 (its mean)
 * @param weightDecay     L2 penalty on the weight matrices, added to the loss as weightDecay / 2 * sum of squares
 */
public record TrainConfig(int epochs, int batchSize, float learningRate, long seed, float frameDropout, float modalityDropout,
        boolean classBalanced, int patience, float inputDropout, float weightDecay) {
    public static final TrainConfig DEFAULT = new TrainConfig(30, 64, 1e-3f, 42, 0.1f, 0f, false, 0);

    public TrainConfig(int epochs, int batchSize, float learningRate, long seed, float frameDropout) {
        this(epochs, batchSize, learningRate, seed, frameDropout, 0f, false, 0);
    }

    public TrainConfig(int epochs, int batchSize, float learningRate, long seed, float frameDropout, float modalityDropout,
            boolean classBalanced, int patience) {
        this(epochs, batchSize, learningRate, seed, frameDropout, modalityDropout, classBalanced, patience, 0f, 0f);
    }

    public TrainConfig withEpochsAndSeed(int newEpochs, long newSeed) {
        return new TrainConfig(newEpochs, batchSize, learningRate, newSeed, frameDropout, modalityDropout, classBalanced, patience,
                inputDropout, weightDecay);
    }

    public TrainConfig withPatience(int newPatience) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, frameDropout, modalityDropout, classBalanced, newPatience,
                inputDropout, weightDecay);
    }

    /** The settings cross-validation chooses. */
    public TrainConfig withRegularisation(float newLearningRate, float newInputDropout, float newModalityDropout, float newWeightDecay) {
        return new TrainConfig(epochs, batchSize, newLearningRate, seed, frameDropout, newModalityDropout, classBalanced, patience,
                newInputDropout, newWeightDecay);
    }

    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || learningRate <= 0 || frameDropout < 0 || frameDropout >= 1 || modalityDropout < 0
                || modalityDropout >= 1 || patience < 0 || inputDropout < 0 || inputDropout >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("invalid training settings: " + this);
        }
    }
}
