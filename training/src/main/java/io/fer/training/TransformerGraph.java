package io.fer.training;

import io.fer.models.temporal.ModelMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the temporal transformer in a TF graph with plain ops (TF Java has no layers). Inputs:
 * {@code features} [B, T, D] and {@code mask} [B, T, M], T up to the window's frames (a window without its trailing
 * masked frames gives the same output: a batch of stills runs at T = 1); output {@code probabilities} [B, C] and the
 * logits.
 * Weights start from a seeded Glorot-uniform draw so a fixed seed reproduces a run.
 */
public final class TransformerGraph {
    public final Placeholder<TFloat32> features;
    public final Placeholder<TFloat32> mask;
    /** Each member's logits [B, C]: the training loss is the sum of the members' losses. */
    public final List<Operand<TFloat32>> memberLogits = new ArrayList<>();
    public final Operand<TFloat32> probabilities;

    private final Ops tf;
    private final Random random;
    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<Variable<TFloat32>> weightMatrices = new ArrayList<>();

    /**
     * @param mean per-dimension mean of the training features, baked into the graph
     * @param std  per-dimension standard deviation, likewise
     */
    public TransformerGraph(Ops tf, TransformerSpec spec, float[] mean, float[] std, long seed) {
        this.tf = tf;
        this.random = new Random(seed);
        features = tf.withName(ModelMetadata.INPUT_FEATURES).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, spec.featureDim())));
        mask = tf.withName(ModelMetadata.INPUT_MASK).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, spec.modalities().size())));

        Operand<TFloat32> normalised = tf.math.div(tf.math.sub(features, tf.constant(mean)), tf.constant(std));
        Operand<TFloat32> sum = null;
        for (int member = 0; member < spec.members(); member++) {
            Operand<TFloat32> logits = member(spec, normalised);
            memberLogits.add(logits);
            Operand<TFloat32> p = tf.nn.softmax(logits);
            sum = sum == null ? p : tf.math.add(sum, p);
        }
        probabilities = tf.withName(ModelMetadata.OUTPUT_PROBABILITIES).math.div(sum, tf.constant((float) spec.members()));
    }

    private Operand<TFloat32> member(TransformerSpec spec, Operand<TFloat32> normalised) {
        int t = spec.windowFrames();
        int d = spec.dModel();
        int m = spec.modalities().size();
        Operand<TFloat32> h = null;
        int offset = 0;
        for (int i = 0; i < m; i++) {
            int dim = spec.modalities().get(i).dim();
            Operand<TFloat32> x = tf.slice(normalised, tf.constant(new int[] {0, 0, offset}), tf.constant(new int[] {-1, -1, dim}));
            Operand<TFloat32> present = tf.slice(mask, tf.constant(new int[] {0, 0, i}), tf.constant(new int[] {-1, -1, 1}));
            Operand<TFloat32> proj = tf.math.add(dense3(x, dim, d), weight(new float[] {1, 1, d}, 0.02f));
            Operand<TFloat32> masked = tf.math.mul(proj, present);
            h = h == null ? masked : tf.math.add(h, masked);
            offset += dim;
        }
        Operand<TFloat32> positions = weight(new float[] {1, t, d}, 0.02f); // temporal position embedding, first T used
        h = tf.math.add(h, tf.slice(positions, tf.constant(new int[] {0, 0, 0}),
                tf.concat(List.of(tf.constant(new int[] {1}), frames(mask), tf.constant(new int[] {d})), tf.constant(0))));

        // a frame with no modality present is left out of attention and pooling
        Operand<TFloat32> framePresent = tf.math.minimum(tf.sum(mask, tf.constant(2)), tf.constant(1f)); // [B, T]
        Operand<TFloat32> attnBias = tf.math.mul(tf.math.sub(tf.constant(1f), framePresent), tf.constant(-1e9f));
        attnBias = tf.expandDims(tf.expandDims(attnBias, tf.constant(1)), tf.constant(1)); // [B, 1, 1, T]

        for (int l = 0; l < spec.layers(); l++) {
            h = tf.math.add(h, attention(layerNorm(h, d), spec, attnBias));
            Operand<TFloat32> mlp = dense3(tf.nn.relu(dense3(layerNorm(h, d), d, spec.mlpDim())), spec.mlpDim(), d);
            h = tf.math.add(h, mlp);
        }
        Operand<TFloat32> w = tf.expandDims(framePresent, tf.constant(2));
        Operand<TFloat32> pooled = tf.math.div(tf.sum(tf.math.mul(h, w), tf.constant(1)),
                tf.math.maximum(tf.sum(w, tf.constant(1)), tf.constant(1f)));
        return dense2(layerNorm(pooled, d), d, spec.classes());
    }

    public List<Variable<TFloat32>> variables() {
        return variables;
    }

    /** The dense layers' weight matrices: what weight decay applies to (not biases, norms or embeddings). */
    public List<Variable<TFloat32>> weightMatrices() {
        return weightMatrices;
    }

    private Operand<TFloat32> attention(Operand<TFloat32> x, TransformerSpec spec, Operand<TFloat32> bias) {
        int d = spec.dModel();
        int heads = spec.heads();
        int dh = d / heads;
        Operand<TFloat32> q = splitHeads(dense3(x, d, d), heads, dh);
        Operand<TFloat32> k = splitHeads(dense3(x, d, d), heads, dh);
        Operand<TFloat32> v = splitHeads(dense3(x, d, d), heads, dh);
        Operand<TFloat32> scores = tf.math.mul(tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
                tf.constant((float) (1 / Math.sqrt(dh))));
        Operand<TFloat32> attn = tf.nn.softmax(tf.math.add(scores, bias));
        Operand<TFloat32> ctx = tf.train.batchMatMul(attn, v, TFloat32.class); // [B, H, T, dh]
        ctx = tf.reshape(tf.linalg.transpose(ctx, tf.constant(new int[] {0, 2, 1, 3})), batchAndFrames(x, d));
        return dense3(ctx, d, d);
    }

    private Operand<TFloat32> splitHeads(Operand<TFloat32> x, int heads, int dh) {
        return tf.linalg.transpose(tf.reshape(x, batchAndFrames(x, heads, dh)), tf.constant(new int[] {0, 2, 1, 3}));
    }

    /** [B, T, inner...] of x's B and T: shapes that follow the batch's window length. */
    private Operand<TInt32> batchAndFrames(Operand<TFloat32> x, int... inner) {
        return tf.concat(List.of(tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {2})), tf.constant(inner)),
                tf.constant(0));
    }

    /** T of a [B, T, ...] input, as a one-element vector. */
    private Operand<TInt32> frames(Operand<TFloat32> x) {
        return tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {1}));
    }

    private Operand<TFloat32> layerNorm(Operand<TFloat32> x, int d) {
        Operand<TInt32> axis = tf.constant(-1);
        Operand<TFloat32> mu = tf.math.mean(x, axis, Mean.keepDims(true));
        Operand<TFloat32> var = tf.math.mean(tf.math.squaredDifference(x, mu), axis, Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(tf.math.sub(x, mu), tf.math.rsqrt(tf.math.add(var, tf.constant(1e-5f))));
        return tf.math.add(tf.math.mul(normed, constantVar(d, 1f)), constantVar(d, 0f));
    }

    /** [B, T, in] x [in, out] + b. */
    private Operand<TFloat32> dense3(Operand<TFloat32> x, int in, int out) {
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, in}));
        Operand<TFloat32> y = dense2(flat, in, out);
        return tf.reshape(y, tf.concat(List.of(tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {2})),
                tf.constant(new int[] {out})), tf.constant(0)));
    }

    private Operand<TFloat32> dense2(Operand<TFloat32> x, int in, int out) {
        float limit = (float) Math.sqrt(6.0 / (in + out));
        return tf.math.add(tf.linalg.matMul(x, glorot(in, out, limit)), constantVar(out, 0f));
    }

    private Variable<TFloat32> glorot(int in, int out, float limit) {
        float[][] w = new float[in][out];
        for (float[] row : w) {
            for (int j = 0; j < out; j++) {
                row[j] = (random.nextFloat() * 2 - 1) * limit;
            }
        }
        Variable<TFloat32> v = track(tf.variable(tf.constant(w)));
        weightMatrices.add(v);
        return v;
    }

    private Variable<TFloat32> weight(float[] shape, float scale) {
        int n = (int) (shape[0] * shape[1] * shape[2]);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        Operand<TFloat32> c = tf.reshape(tf.constant(v), tf.constant(new int[] {(int) shape[0], (int) shape[1], (int) shape[2]}));
        return track(tf.variable(c));
    }

    private Variable<TFloat32> constantVar(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return track(tf.variable(tf.constant(v)));
    }

    private Variable<TFloat32> track(Variable<TFloat32> v) {
        variables.add(v);
        return v;
    }
}
