package io.fer.workers.faceapi;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Predictor;
import io.fer.models.tf.TfGraph;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modality;
import java.util.List;

/**
 * A second expression generator: face-api's FaceExpressionNet (trained on other data than the emotion model), its 7
 * logits and 256 pooled features per face ({@link FaceApiTranslator}).
 */
public final class FaceApiExpressionModality implements Modality {
    public static final String NAME = "faceapi";
    public static final int DIM = 7 + 256;
    private static final FaceApiTranslator TRANSLATOR = new FaceApiTranslator();

    private final Predictor<RgbImage, float[]> predictor;

    public FaceApiExpressionModality(ModelStore store, TfGraph.TfOptions options) {
        this.predictor = new Predictor<>(TfGraph.of(FaceApiExpressionNet.graphDef(store), options), TRANSLATOR);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.FACE_CROP; }
    @Override public int dimension() { return DIM; }

    /** The tight face of a loose crop as the network's input: 112 x 112 RGB, 0..255. */
    public static float[] prepare(RgbImage looseCrop) {
        return TRANSLATOR.prepare(looseCrop);
    }

    /** Logits [N, 7] and features [N, 256] of prepared inputs. */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        return predictor.runRaw(batch, n);
    }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        return predictor.predict(crops);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
