package io.fer.training.cv;

import java.util.Arrays;
import java.util.List;

/**
 * Multinomial logistic regression with an L2 penalty on standardised inputs (pure Java, deterministic: zero start,
 * full-batch Adam). The baseline a temporal model has to beat on the same features.
 */
public final class LogisticRegression {
    private static final int ITERATIONS = 300;
    private static final double STEP = 0.05;

    private final float[] mean;
    private final float[] std;
    private final double[][] weights; // [dim + 1][classes], the last row the bias

    private LogisticRegression(float[] mean, float[] std, double[][] weights) {
        this.mean = mean;
        this.std = std;
        this.weights = weights;
    }

    /** Fits on rows x with labels y in [0, classes); l2 scales 1/2 the sum of squared weights (not the bias). */
    public static LogisticRegression fit(List<float[]> x, int[] y, int classes, double l2) {
        int n = x.size();
        int d = x.get(0).length;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int k = 0; k < d; k++) {
            double s = 0;
            double sq = 0;
            for (float[] row : x) {
                s += row[k];
                sq += (double) row[k] * row[k];
            }
            double m = s / n;
            mean[k] = (float) m;
            std[k] = (float) Math.max(Math.sqrt(Math.max(0, sq / n - m * m)), 1e-3);
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x.get(i), mean, std);
        }
        double[][] w = new double[d + 1][classes];
        double[][] m1 = new double[d + 1][classes];
        double[][] m2 = new double[d + 1][classes];
        double[][] grad = new double[d + 1][classes];
        double b1 = 0.9;
        double b2 = 0.999;
        for (int it = 1; it <= ITERATIONS; it++) {
            for (double[] g : grad) {
                Arrays.fill(g, 0);
            }
            for (int i = 0; i < n; i++) {
                double[] p = softmax(logits(z[i], w, classes));
                p[y[i]] -= 1;
                for (int k = 0; k < d; k++) {
                    double v = z[i][k];
                    if (v != 0) {
                        double[] gk = grad[k];
                        for (int c = 0; c < classes; c++) {
                            gk[c] += v * p[c];
                        }
                    }
                }
                for (int c = 0; c < classes; c++) {
                    grad[d][c] += p[c];
                }
            }
            double c1 = 1 - Math.pow(b1, it);
            double c2 = 1 - Math.pow(b2, it);
            for (int k = 0; k <= d; k++) {
                for (int c = 0; c < classes; c++) {
                    double g = grad[k][c] / n + (k < d ? l2 * w[k][c] : 0);
                    m1[k][c] = b1 * m1[k][c] + (1 - b1) * g;
                    m2[k][c] = b2 * m2[k][c] + (1 - b2) * g * g;
                    w[k][c] -= STEP * (m1[k][c] / c1) / (Math.sqrt(m2[k][c] / c2) + 1e-8);
                }
            }
        }
        return new LogisticRegression(mean, std, w);
    }

    public float[] probabilities(float[] x) {
        double[] p = softmax(logits(standardise(x, mean, std), weights, weights[0].length));
        float[] out = new float[p.length];
        for (int c = 0; c < p.length; c++) {
            out[c] = (float) p[c];
        }
        return out;
    }

    private static double[] standardise(float[] x, float[] mean, float[] std) {
        double[] z = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            z[k] = (x[k] - mean[k]) / std[k];
        }
        return z;
    }

    private static double[] logits(double[] z, double[][] w, int classes) {
        int d = z.length;
        double[] out = w[d].clone();
        for (int k = 0; k < d; k++) {
            double v = z[k];
            if (v != 0) {
                double[] wk = w[k];
                for (int c = 0; c < classes; c++) {
                    out[c] += v * wk[c];
                }
            }
        }
        return out;
    }

    private static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[l.length];
        for (int c = 0; c < l.length; c++) {
            p[c] = Math.exp(l[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < l.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
