package io.fer.workers.landmarks;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Predictor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** The `facemesh` model on the loose aligned face crop (margin 1.4, as the library): 468 3-D landmarks. One per thread. */
public final class FaceMeshModel implements AutoCloseable {
    public static final String MODEL = "facemesh";
    public static final int SIZE = 192;
    private static final FaceMeshTranslator TRANSLATOR = new FaceMeshTranslator();

    private final Predictor<RgbImage, FaceMesh> predictor;

    public FaceMeshModel(ModelStore store, TfGraph.TfOptions options) {
        this.predictor = new Predictor<>(TfGraph.of(ConvertedModels.load(store, MODEL), options), TRANSLATOR);
    }

    /** RGB in 0..1, 192 x 192. */
    public static float[] prepare(RgbImage crop) {
        return TRANSLATOR.prepare(crop);
    }

    public List<FloatTensor> runRaw(float[] batch, int n) {
        return predictor.runRaw(batch, n);
    }

    public List<FaceMesh> run(List<RgbImage> crops) {
        return predictor.predict(crops);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
