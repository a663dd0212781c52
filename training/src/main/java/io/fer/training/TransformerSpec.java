package io.fer.training;

import io.fer.models.temporal.ModelMetadata.Modality;
import java.util.List;

/**
 * Shape of the temporal transformer: per-modality projection to dModel, modality and temporal position
 * embeddings, pre-norm encoder layers (multi-head self-attention, MLP), masked mean pooling, classifier.
 */
public record TransformerSpec(List<Modality> modalities, int windowFrames, int classes, int dModel, int heads,
        int layers, int mlpDim) {
    public TransformerSpec {
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not a multiple of heads " + heads);
        }
    }

    public int featureDim() {
        return modalities.stream().mapToInt(Modality::dim).sum();
    }
}
