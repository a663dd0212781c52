package io.fer.workers.face;

import io.fer.workers.image.RgbImage;

/** A cheap appearance cue for tracking: a normalised 4x4x4 colour histogram of the face crop's centre. Pure. */
public final class AppearanceSignature {
    public static final int BINS = 64;

    private AppearanceSignature() {}

    public static float[] of(RgbImage crop) {
        float[] h = new float[BINS];
        int x0 = crop.width() / 4;
        int y0 = crop.height() / 4;
        int n = 0;
        for (int y = y0; y < crop.height() - y0; y += 2) {
            for (int x = x0; x < crop.width() - x0; x += 2) {
                int r = crop.channel(x, y, 0) >> 6;
                int g = crop.channel(x, y, 1) >> 6;
                int b = crop.channel(x, y, 2) >> 6;
                h[(r << 4) | (g << 2) | b]++;
                n++;
            }
        }
        for (int i = 0; i < BINS; i++) {
            h[i] /= Math.max(1, n);
        }
        return h;
    }

    /** Bhattacharyya coefficient: 1 for identical histograms, 0 for disjoint ones. */
    public static float similarity(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.sqrt(a[i] * b[i]);
        }
        return (float) s;
    }
}
