package io.fer.workers.expression;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/** The pretrained `emotion` model, batched: per face, 7 logits and the pooled last feature map. One per thread. */
public final class ExpressionModel implements AutoCloseable {
    public static final String MODEL = "emotion";
    private static final String INPUT = "input_1";
    private static final String LOGITS = "StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean";
    // last feature map before the 1x1 classifier conv; average-pooled over space
    private static final String FEATURE_MAP = "StatefulPartitionedCall/model_1/add_2/add";

    private final TfGraph graph;

    public ExpressionModel(ModelStore store) {
        this(store, TfGraph.TfOptions.DEFAULT);
    }

    public ExpressionModel(ModelStore store, TfGraph.TfOptions options) {
        this.graph = TfGraph.of(ConvertedModels.load(store, MODEL), options);
    }

    /** The raw logits and feature map for prepared 64 x 64 gray inputs. */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        return graph.run(INPUT, new FloatTensor(batch, new long[] {n, ExpressionPreprocessor.SIZE, ExpressionPreprocessor.SIZE, 1}),
                List.of(LOGITS, FEATURE_MAP));
    }

    /** @param faceCrops loose aligned face crops (see {@link io.fer.workers.face.FaceAligner}) */
    public List<ExpressionFeatures> run(List<RgbImage> faceCrops) {
        if (faceCrops.isEmpty()) {
            return List.of();
        }
        int n = faceCrops.size();
        int px = ExpressionPreprocessor.SIZE * ExpressionPreprocessor.SIZE;
        float[] input = new float[n * px];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ExpressionPreprocessor.prepare(faceCrops.get(i)), 0, input, i * px, px);
        }
        List<FloatTensor> out = runRaw(input, n);
        List<ExpressionFeatures> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(new ExpressionFeatures(out.get(0).row(i), spatialMean(out.get(1), i)));
        }
        return result;
    }

    /** NHWC feature map of item i -> mean over H and W. */
    static float[] spatialMean(FloatTensor map, int i) {
        int h = map.dim(1);
        int w = map.dim(2);
        int c = map.dim(3);
        float[] item = map.row(i);
        float[] out = new float[c];
        for (int p = 0; p < h * w; p++) {
            for (int k = 0; k < c; k++) {
                out[k] += item[p * c + k];
            }
        }
        for (int k = 0; k < c; k++) {
            out[k] /= h * w;
        }
        return out;
    }

    @Override
    public void close() {
        graph.close();
    }
}
