package io.fer.training;

import io.fer.models.temporal.ModelMetadata.Modality;
import java.util.List;

/**
 * Shape of the temporal transformer: per-modality projection to dModel, modality and temporal position
 * embeddings, pre-norm encoder layers (multi-head self-attention, MLP), masked mean pooling, classifier.
 *
 * @param members    independently initialised copies trained side by side; the model's output is the mean of their
 *                   probabilities (an ensemble in one SavedModel)
 */
public record TransformerSpec(List<Modality> modalities, int windowFrames, int classes, int dModel, int heads,
        int layers, int mlpDim, int members) {
    public TransformerSpec(List<Modality> modalities, int windowFrames, int classes, int dModel, int heads, int layers, int mlpDim) {
        this(modalities, windowFrames, classes, dModel, heads, layers, mlpDim, 1);
    }

    public TransformerSpec {
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not a multiple of heads " + heads);
        }
        if (members < 1) {
            throw new IllegalArgumentException("members must be at least 1");
        }
    }

    public int featureDim() {
        return modalities.stream().mapToInt(Modality::dim).sum();
    }
}
