package io.fer.workers.appearance;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Predictor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** The `faceres` model: a 1024-d face appearance descriptor from a 224 x 224 RGB face crop in 0..255. One per thread. */
public final class FaceResModel implements AutoCloseable {
    public static final String MODEL = "faceres";
    public static final int SIZE = 224;
    public static final int DIM = 1024;
    private static final FaceResTranslator TRANSLATOR = new FaceResTranslator();

    private final Predictor<RgbImage, float[]> predictor;

    public FaceResModel(ModelStore store, TfGraph.TfOptions options) {
        this.predictor = new Predictor<>(TfGraph.of(ConvertedModels.load(store, MODEL), options), TRANSLATOR);
    }

    public static float[] prepare(RgbImage looseCrop) {
        return TRANSLATOR.prepare(looseCrop);
    }

    public List<FloatTensor> runRaw(float[] batch, int n) {
        return predictor.runRaw(batch, n);
    }

    public List<float[]> run(List<RgbImage> looseCrops) {
        return predictor.predict(looseCrops);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
