package io.fer.workers.expression;

import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;

/** Pure pre-processing for the expression model: face crop to 64x64 grayscale in [-1, 1], as the original library. */
public final class ExpressionPreprocessor {
    public static final int SIZE = 64;
    private static final float R = 0.2989f;
    private static final float G = 0.5870f;
    private static final float B = 0.1140f;

    private ExpressionPreprocessor() {}

    /** The whole image is the face crop. */
    public static float[] prepare(RgbImage faceCrop) {
        float[] rgb = Images.cropResize(faceCrop, new Box(0, 0, faceCrop.width(), faceCrop.height()), SIZE, SIZE);
        float[] gray = new float[SIZE * SIZE];
        for (int i = 0; i < gray.length; i++) {
            float g = (R * rgb[i * 3] + G * rgb[i * 3 + 1] + B * rgb[i * 3 + 2]) / 255f;
            gray[i] = (g - 0.5f) * 2f;
        }
        return gray;
    }
}
