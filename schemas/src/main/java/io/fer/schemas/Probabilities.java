package io.fer.schemas;

/**
 * The class a score vector picks, the one rule for the whole project: an event's label, a clip's prediction, a
 * summary's dominant emotion and a training target are all the index of the largest value, the first of equal ones.
 */
public final class Probabilities {
    private Probabilities() {}

    /** Index of the largest value (the first of equal ones); -1 for an empty vector. */
    public static int argmax(float[] p) {
        double[] wide = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            wide[i] = p[i]; // exact: every float is a double, so the order and the ties are the same
        }
        return argmax(wide);
    }

    /** Index of the largest value (the first of equal ones); -1 for an empty vector. */
    public static int argmax(double[] p) {
        int best = p.length == 0 ? -1 : 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
