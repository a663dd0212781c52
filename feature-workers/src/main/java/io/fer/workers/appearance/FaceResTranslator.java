package io.fer.workers.appearance;

import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Translator;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** `faceres`'s pre- and post-processing: the tight face of a loose crop, 224 x 224 RGB in 0..255, in; 1024 values out. */
final class FaceResTranslator implements Translator<RgbImage, float[]> {
    /** Tight crop inside the loose published face crop (face margin 1.1 of 1.4). */
    static final float CROP_FRACTION = 1.1f / 1.4f;

    @Override
    public String inputNode() {
        return "input_1";
    }

    @Override
    public List<String> outputNodes() {
        return List.of("global_pooling/Mean");
    }

    @Override
    public long[] itemShape() {
        return new long[] {FaceResModel.SIZE, FaceResModel.SIZE, 3};
    }

    @Override
    public float[] prepare(RgbImage looseCrop) {
        return Images.cropResize(looseCrop, Images.centre(looseCrop, CROP_FRACTION), FaceResModel.SIZE, FaceResModel.SIZE);
    }

    @Override
    public float[] output(List<FloatTensor> outputs, int index, RgbImage item) {
        return outputs.get(0).row(index);
    }
}
