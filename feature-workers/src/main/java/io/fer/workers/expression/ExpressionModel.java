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

    /**
     * The vector of the expression-grid modality for each crop: 7 logits, the 256 pooled features, then the feature map
     * pooled over a cells x cells grid of the aligned face (row-major, 256 per cell): where on the face a feature fires.
     */
    public List<float[]> gridVectors(List<RgbImage> faceCrops, int cells) {
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
        List<float[]> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] head = new ExpressionFeatures(out.get(0).row(i), spatialMean(out.get(1), i)).vector();
            float[] grid = gridMean(out.get(1), i, cells);
            float[] v = java.util.Arrays.copyOf(head, head.length + grid.length);
            System.arraycopy(grid, 0, v, head.length, grid.length);
            result.add(v);
        }
        return result;
    }

    /** NHWC feature map of item i -> mean over each cell of a cells x cells grid, cell-major then channel. */
    static float[] gridMean(FloatTensor map, int i, int cells) {
        int h = map.dim(1);
        int w = map.dim(2);
        int c = map.dim(3);
        float[] item = map.row(i);
        float[] out = new float[cells * cells * c];
        int[] count = new int[cells * cells];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cell = (y * cells / h) * cells + x * cells / w;
                count[cell]++;
                for (int k = 0; k < c; k++) {
                    out[cell * c + k] += item[(y * w + x) * c + k];
                }
            }
        }
        for (int cell = 0; cell < count.length; cell++) {
            for (int k = 0; k < c; k++) {
                out[cell * c + k] /= Math.max(1, count[cell]);
            }
        }
        return out;
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
