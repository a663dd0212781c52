package io.fer.training;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How the trainer turns clips into batches and regularises them, without TensorFlow: packing windows into flat
 * arrays, frame, modality and input dropout, class weights.
 */
final class TrainingBatches {
    private TrainingBatches() {}

    /** Sets each input value to its training mean (0 once standardised) with probability p. */
    static void dropInputs(float[] features, float[] mean, float p, Random random) {
        if (p <= 0) {
            return;
        }
        int d = mean.length;
        for (int i = 0; i < features.length; i++) {
            if (random.nextFloat() < p) {
                features[i] = mean[i % d];
            }
        }
    }

    /** Inverse class frequency, normalised to mean 1 over the classes present; all 1 when not balancing. */
    static float[] classWeights(List<Clip> train, int c, boolean balanced) {
        float[] w = new float[c];
        Arrays.fill(w, 1f);
        if (!balanced) {
            return w;
        }
        double[] count = new double[c];
        train.forEach(x -> count[x.argmaxTarget()]++);
        int present = 0;
        double sum = 0;
        for (int k = 0; k < c; k++) {
            if (count[k] > 0) {
                w[k] = (float) (train.size() / count[k]);
                sum += w[k];
                present++;
            }
        }
        for (int k = 0; k < c; k++) {
            w[k] = count[k] > 0 ? (float) (w[k] * present / sum) : 0f;
        }
        return w;
    }

    /** Per clip, with the given chance, one of its present modalities is masked in every frame (if another remains). */
    static void dropModalities(float[] mask, int batch, int t, int m, float p, Random random) {
        if (p <= 0 || m < 2) {
            return;
        }
        for (int i = 0; i < batch; i++) {
            if (random.nextFloat() >= p) {
                continue;
            }
            int drop = random.nextInt(m);
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * m;
                float others = 0;
                for (int q = 0; q < m; q++) {
                    others += q == drop ? 0 : mask[base + q];
                }
                if (others > 0) {
                    mask[base + drop] = 0;
                }
            }
        }
    }

    /**
     * Frames a batch is packed to: its longest window's. Trimmed windows (stills: one frame) make short batches; the
     * graph takes any length up to the window, and masked frames change nothing, so the result is the padded one's.
     */
    static int frames(List<Clip> batch, int m) {
        int t = 1;
        for (Clip clip : batch) {
            t = Math.max(t, clip.mask().length / m);
        }
        return t;
    }

    /** features, mask (with random frames dropped when training), targets as flat arrays; windows zero-padded to t frames. */
    static float[][] pack(List<Clip> batch, int t, int d, int m, int c, float frameDropout, Random random) {
        float[] f = new float[batch.size() * t * d];
        float[] k = new float[batch.size() * t * m];
        float[] y = new float[batch.size() * c];
        for (int i = 0; i < batch.size(); i++) {
            Clip clip = batch.get(i);
            System.arraycopy(clip.features(), 0, f, i * t * d, clip.features().length);
            System.arraycopy(clip.mask(), 0, k, i * t * m, clip.mask().length);
            System.arraycopy(clip.target(), 0, y, i * c, c);
            if (frameDropout > 0) {
                for (int j = 0; j < t; j++) {
                    if (random.nextFloat() < frameDropout) {
                        for (int q = 0; q < m; q++) {
                            k[(i * t + j) * m + q] = 0;
                        }
                    }
                }
            }
        }
        return new float[][] {f, k, y};
    }
}
