package io.fer.workers.expression;

/** The expression model's output for one face: 7 class logits and its pooled penultimate features. */
public record ExpressionFeatures(float[] logits, float[] features) {
    /** In the model's class order (see {@link EmotionClasses#MODEL_ORDER}). */
    public float[] probabilities() {
        return softmax(logits);
    }

    /** The vector published on fer.emb.expression: logits then features. */
    public float[] vector() {
        float[] v = new float[logits.length + features.length];
        System.arraycopy(logits, 0, v, 0, logits.length);
        System.arraycopy(features, 0, v, logits.length, features.length);
        return v;
    }

    public static float[] softmax(float[] x) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        float[] out = new float[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.exp(x[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < x.length; i++) {
            out[i] /= (float) sum;
        }
        return out;
    }
}
