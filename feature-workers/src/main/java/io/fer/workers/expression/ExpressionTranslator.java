package io.fer.workers.expression;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Translator;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** The `emotion` model's pre- and post-processing: a 64 x 64 gray face in, 7 logits and the pooled feature map out. */
final class ExpressionTranslator implements Translator<RgbImage, ExpressionFeatures> {
    private static final String INPUT = "input_1";
    private static final String LOGITS = "StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean";
    // last feature map before the 1x1 classifier conv; average-pooled over space
    private static final String FEATURE_MAP = "StatefulPartitionedCall/model_1/add_2/add";

    @Override
    public String inputNode() {
        return INPUT;
    }

    @Override
    public List<String> outputNodes() {
        return List.of(LOGITS, FEATURE_MAP);
    }

    @Override
    public long[] itemShape() {
        return new long[] {ExpressionPreprocessor.SIZE, ExpressionPreprocessor.SIZE, 1};
    }

    @Override
    public float[] prepare(RgbImage looseCrop) {
        return ExpressionPreprocessor.prepare(looseCrop);
    }

    @Override
    public ExpressionFeatures output(List<FloatTensor> outputs, int index, RgbImage item) {
        return new ExpressionFeatures(outputs.get(0).row(index), spatialMean(outputs.get(1), index));
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
}
