package io.fer.workers.modality;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.image.RgbImage;
import io.fer.workers.landmarks.FaceMesh;
import io.fer.workers.landmarks.FaceMeshModel;
import java.util.List;

/**
 * Geometry: `facemesh` 468 landmarks normalised per frame (centroid removed, divided by the RMS distance to it), so
 * the vector describes the face's shape, not where it is or how large (the paper's OpenPose face-keypoint slot).
 */
public final class GeometryModality implements Modality {
    public static final String NAME = "geometry";
    private final FaceMeshModel model;

    public GeometryModality(ModelStore store, TfGraph.TfOptions options) {
        this.model = new FaceMeshModel(store, options);
    }

    @Override public String name() { return NAME; }
    @Override public Input input() { return Input.FACE_CROP; }
    @Override public int dimension() { return FaceMesh.POINTS * 3; }

    @Override
    public List<float[]> embed(List<RgbImage> crops) {
        return model.run(crops).stream().map(m -> normalise(m.points())).toList();
    }

    /** x, y, z triples: subtract the centroid, divide by the RMS distance from it. Pure. */
    public static float[] normalise(float[] points) {
        int n = points.length / 3;
        double[] c = new double[3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                c[k] += points[3 * i + k] / n;
            }
        }
        double ss = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                double d = points[3 * i + k] - c[k];
                ss += d * d;
            }
        }
        double rms = Math.sqrt(ss / n);
        float[] out = new float[points.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = (float) ((points[3 * i + k] - c[k]) / Math.max(rms, 1e-9));
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
