package io.fer.training;

import java.util.List;

/** Per-dimension mean and standard deviation of the present frames of the training clips. */
public record Normalisation(float[] mean, float[] std) {

    public static Normalisation of(List<Clip> clips, int featureDim, int modalities, int[] modalityOfDim) {
        double[] sum = new double[featureDim];
        double[] sq = new double[featureDim];
        long[] n = new long[featureDim];
        for (Clip c : clips) {
            for (int t = 0; t < c.mask().length / modalities; t++) {
                for (int k = 0; k < featureDim; k++) {
                    if (c.mask()[t * modalities + modalityOfDim[k]] > 0) {
                        double v = c.features()[t * featureDim + k];
                        sum[k] += v;
                        sq[k] += v * v;
                        n[k]++;
                    }
                }
            }
        }
        float[] mean = new float[featureDim];
        float[] std = new float[featureDim];
        for (int k = 0; k < featureDim; k++) {
            double m = n[k] == 0 ? 0 : sum[k] / n[k];
            double var = n[k] == 0 ? 1 : Math.max(0, sq[k] / n[k] - m * m);
            mean[k] = (float) m;
            std[k] = (float) Math.max(Math.sqrt(var), 1e-3);
        }
        return new Normalisation(mean, std);
    }
}
