package io.fer.workers.faceapi;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.workers.expression.ExpressionPreprocessor;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modality;
import java.util.ArrayList;
import java.util.List;

/**
 * A second expression generator: face-api's FaceExpressionNet (trained on other data than the emotion model), its 7
 * logits and 256 pooled features per face. It reads the tight face inside the loose crop, as the library reads its
 * detector's box, resized to 112 x 112 RGB.
 */
public final class FaceApiExpressionModality implements Modality {
    public static final String NAME = "faceapi";
    public static final int DIM = 7 + 256;
    private final TfGraph graph;

    public FaceApiExpressionModality(ModelStore store, TfGraph.TfOptions options) {
        this.graph = TfGraph.of(FaceApiExpressionNet.graphDef(store), options);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.FACE_CROP; }
    @Override public int dimension() { return DIM; }

    /** The tight face of a loose crop as the network's input: 112 x 112 RGB, 0..255. */
    public static float[] prepare(RgbImage looseCrop) {
        return Images.cropResize(looseCrop, Images.centre(looseCrop, ExpressionPreprocessor.CROP_FRACTION),
                FaceApiExpressionNet.SIZE, FaceApiExpressionNet.SIZE);
    }

    /** Features [N, 256] and logits [N, 7] of prepared inputs. */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        int s = FaceApiExpressionNet.SIZE;
        return graph.run(FaceApiExpressionNet.INPUT, new FloatTensor(batch, new long[] {n, s, s, 3}),
                List.of(FaceApiExpressionNet.LOGITS, FaceApiExpressionNet.FEATURES));
    }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        if (crops.isEmpty()) {
            return List.of();
        }
        int px = FaceApiExpressionNet.SIZE * FaceApiExpressionNet.SIZE * 3;
        float[] batch = new float[crops.size() * px];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(prepare(crops.get(i)), 0, batch, i * px, px);
        }
        List<FloatTensor> out = runRaw(batch, crops.size());
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            float[] v = new float[DIM];
            System.arraycopy(out.get(0).row(i), 0, v, 0, 7);
            System.arraycopy(out.get(1).row(i), 0, v, 7, 256);
            vectors.add(v);
        }
        return vectors;
    }

    @Override
    public void close() {
        graph.close();
    }
}
