package io.fer.models.tf;

import java.util.Arrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A float array with its shape, on the JVM heap: what pre- and post-processing exchange with the engine. */
public record FloatTensor(float[] data, long[] shape) {
    public FloatTensor {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
        }
    }

    static FloatTensor copyOf(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return new FloatTensor(out, t.shape().asArray());
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    /** The i-th slice along the first axis. */
    public float[] row(int i) {
        int len = data.length / dim(0);
        return Arrays.copyOfRange(data, i * len, (i + 1) * len);
    }
}
