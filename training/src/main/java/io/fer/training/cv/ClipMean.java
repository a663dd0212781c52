package io.fer.training.cv;

import io.fer.training.Clip;
import java.util.List;

/**
 * A clip as one vector: per dimension, the mean over all frames of all its windows in which that dimension's modality
 * is present (0 where the modality never is). What a linear head on "the same features, mean over the clip" reads.
 */
public final class ClipMean {
    private final int frames;
    private final int modalities;
    private final int[] modalityOfDim;

    public ClipMean(int frames, int[] dims) {
        this.frames = frames;
        this.modalities = dims.length;
        int total = 0;
        for (int d : dims) {
            total += d;
        }
        modalityOfDim = new int[total];
        for (int i = 0, off = 0; i < dims.length; i++) {
            for (int k = 0; k < dims[i]; k++) {
                modalityOfDim[off++] = i;
            }
        }
    }

    public int dim() {
        return modalityOfDim.length;
    }

    public float[] of(List<Clip> windows) {
        int d = modalityOfDim.length;
        double[] sum = new double[d];
        int[] count = new int[modalities];
        for (Clip w : windows) {
            for (int t = 0; t < Math.min(frames, w.mask().length / modalities); t++) { // trimmed windows have fewer frames
                for (int m = 0; m < modalities; m++) {
                    if (w.mask()[t * modalities + m] > 0) {
                        count[m]++;
                    }
                }
                for (int k = 0; k < d; k++) {
                    if (w.mask()[t * modalities + modalityOfDim[k]] > 0) {
                        sum[k] += w.features()[t * d + k];
                    }
                }
            }
        }
        float[] out = new float[d];
        for (int k = 0; k < d; k++) {
            int n = count[modalityOfDim[k]];
            out[k] = n == 0 ? 0f : (float) (sum[k] / n);
        }
        return out;
    }
}
