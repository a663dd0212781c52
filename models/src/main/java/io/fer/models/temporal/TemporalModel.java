package io.fer.models.temporal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A trained temporal transformer (SavedModel + metadata.json) for inference: windows of per-frame
 * multi-modal vectors with presence masks in, class probabilities out. One per task or thread.
 */
public final class TemporalModel implements AutoCloseable {
    private final ModelMetadata metadata;
    private final SavedModelBundle bundle;
    private final SessionFunction function;

    private TemporalModel(ModelMetadata metadata, SavedModelBundle bundle) {
        this.metadata = metadata;
        this.bundle = bundle;
        this.function = bundle.function(ModelMetadata.SIGNATURE);
    }

    public static TemporalModel load(Path dir) {
        ModelMetadata md = ModelMetadata.read(dir);
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException(dir + " is not a model directory: no saved_model.pb");
        }
        TemporalModel model;
        try {
            model = new TemporalModel(md, SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(dir + ": the SavedModel cannot be loaded: " + e.getMessage(), e);
        }
        model.checkAgainstMetadata(dir);
        return model;
    }

    /** One call on an empty window: a SavedModel that does not fit its metadata.json fails here, not on the first event. */
    private void checkAgainstMetadata(Path dir) {
        int t = metadata.windowFrames();
        int d = metadata.featureDim();
        int m = metadata.modalities().size();
        String expected = t + " frames x " + d + " features, " + m + " modalities, " + metadata.classes().size() + " classes";
        try {
            float[][] p = predict(new float[t * d], new float[t * m], 1);
            if (p[0].length != metadata.classes().size()) {
                throw new IllegalStateException("it gives " + p[0].length + " classes");
            }
        } catch (RuntimeException e) {
            close();
            throw new IllegalArgumentException(dir + ": the SavedModel does not match its " + ModelMetadata.FILE + " (" + expected
                    + "): " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * @param features batch x frames x featureDim, row-major; frames up to windowFrames (windows without their trailing
     *                 masked frames, as training caches them, are padded back: masked frames change nothing)
     * @param mask     batch x frames x modalities: 1 where the modality is present in that frame
     * @return batch x classes probabilities
     */
    public float[][] predict(float[] features, float[] mask, int batch) {
        int t = metadata.windowFrames();
        int d = metadata.featureDim();
        int m = metadata.modalities().size();
        features = padded(features, batch, d, t);
        mask = padded(mask, batch, m, t);
        try (TFloat32 f = TFloat32.tensorOf(Shape.of(batch, t, d), DataBuffers.of(features, true, false));
                TFloat32 k = TFloat32.tensorOf(Shape.of(batch, t, m), DataBuffers.of(mask, true, false));
                Result r = function.call(Map.of(ModelMetadata.INPUT_FEATURES, f, ModelMetadata.INPUT_MASK, k))) {
            TFloat32 p = (TFloat32) r.get(ModelMetadata.OUTPUT_PROBABILITIES).orElseThrow();
            int c = metadata.classes().size();
            if (p.shape().numDimensions() != 2 || p.shape().get(1) != c) {
                throw new IllegalStateException("probabilities of shape " + p.shape() + ", not [" + batch + ", " + c + "]");
            }
            float[] flat = new float[batch * c];
            p.copyTo(DataBuffers.of(flat, false, false));
            float[][] out = new float[batch][c];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(flat, i * c, out[i], 0, c);
            }
            return out;
        }
    }

    /** Each of batch rows of frames x width, zero-padded to t frames. */
    static float[] padded(float[] rows, int batch, int width, int t) {
        int frames = rows.length / (batch * width);
        if (frames == t) {
            return rows;
        }
        if (frames > t || rows.length != batch * frames * width) {
            throw new IllegalArgumentException(rows.length + " values are not " + batch + " windows of at most " + t + " frames of " + width);
        }
        float[] out = new float[batch * t * width];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(rows, i * frames * width, out, i * t * width, frames * width);
        }
        return out;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
