package io.fer.workers.expression;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Predictor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** The pretrained `emotion` model, batched: per face, 7 logits and the pooled last feature map. One per thread. */
public final class ExpressionModel implements AutoCloseable {
    public static final String MODEL = "emotion";

    private final Predictor<RgbImage, ExpressionFeatures> predictor;

    public ExpressionModel(ModelStore store) {
        this(store, TfGraph.TfOptions.DEFAULT);
    }

    public ExpressionModel(ModelStore store, TfGraph.TfOptions options) {
        this.predictor = new Predictor<>(TfGraph.of(ConvertedModels.load(store, MODEL), options), new ExpressionTranslator());
    }

    /** The raw logits and feature map for prepared 64 x 64 gray inputs. */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        return predictor.runRaw(batch, n);
    }

    /** @param faceCrops loose aligned face crops (see {@link io.fer.workers.face.FaceAligner}) */
    public List<ExpressionFeatures> run(List<RgbImage> faceCrops) {
        return predictor.predict(faceCrops);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
