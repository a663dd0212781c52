package io.fer.workers.expression;

import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;

/** Pure pre-processing for the expression model: face crop to 64x64 grayscale in [-1, 1], as the original library. */
public final class ExpressionPreprocessor {
    public static final int SIZE = 64;
    private static final float R = 0.2989f;
    private static final float G = 0.5870f;
    private static final float B = 0.1140f;

    private ExpressionPreprocessor() {}

    /** Tight face (margin 1.1) inside the loose published crop (margin 1.4). */
    public static final float CROP_FRACTION = 1.1f / 1.4f;

    /** From a loose aligned face crop: its centre, resized and turned gray. */
    public static float[] prepare(RgbImage looseCrop) {
        float[] rgb = Images.cropResize(looseCrop, Images.centre(looseCrop, CROP_FRACTION), SIZE, SIZE);
        float[] gray = new float[SIZE * SIZE];
        for (int i = 0; i < gray.length; i++) {
            float g = (R * rgb[i * 3] + G * rgb[i * 3 + 1] + B * rgb[i * 3 + 2]) / 255f;
            gray[i] = (g - 0.5f) * 2f;
        }
        return gray;
    }
}
