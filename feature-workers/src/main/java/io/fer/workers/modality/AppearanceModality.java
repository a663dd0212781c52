package io.fer.workers.modality;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.appearance.FaceResModel;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** Appearance: the `faceres` 1024-d face descriptor (the paper's face ResNet slot). */
public final class AppearanceModality implements Modality {
    public static final String NAME = "appearance";
    private final FaceResModel model;

    public AppearanceModality(ModelStore store, TfGraph.TfOptions options) {
        this.model = new FaceResModel(store, options);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.FACE_CROP; }
    @Override public int dimension() { return FaceResModel.DIM; }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        return model.run(crops);
    }

    @Override
    public void close() {
        model.close();
    }
}
