package io.fer.workers.faceapi;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Translator;
import io.fer.workers.expression.ExpressionPreprocessor;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.List;

/**
 * FaceExpressionNet's pre- and post-processing: the tight face inside the loose crop, as the library reads its
 * detector's box, 112 x 112 RGB in 0..255, in; its 7 logits then its 256 pooled features, out.
 */
final class FaceApiTranslator implements Translator<RgbImage, float[]> {
    @Override
    public String inputNode() {
        return FaceApiExpressionNet.INPUT;
    }

    @Override
    public List<String> outputNodes() {
        return List.of(FaceApiExpressionNet.LOGITS, FaceApiExpressionNet.FEATURES);
    }

    @Override
    public long[] itemShape() {
        return new long[] {FaceApiExpressionNet.SIZE, FaceApiExpressionNet.SIZE, 3};
    }

    @Override
    public float[] prepare(RgbImage looseCrop) {
        return Images.cropResize(looseCrop, Images.centre(looseCrop, ExpressionPreprocessor.CROP_FRACTION),
                FaceApiExpressionNet.SIZE, FaceApiExpressionNet.SIZE);
    }

    @Override
    public float[] output(List<FloatTensor> outputs, int index, RgbImage item) {
        float[] v = new float[FaceApiExpressionModality.DIM];
        System.arraycopy(outputs.get(0).row(index), 0, v, 0, 7);
        System.arraycopy(outputs.get(1).row(index), 0, v, 7, 256);
        return v;
    }
}
