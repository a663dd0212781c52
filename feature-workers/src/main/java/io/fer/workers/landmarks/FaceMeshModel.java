package io.fer.workers.landmarks;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/** The `facemesh` model on the loose aligned face crop (margin 1.4, as the library): 468 3-D landmarks. One per thread. */
public final class FaceMeshModel implements AutoCloseable {
    public static final String MODEL = "facemesh";
    public static final int SIZE = 192;
    static final String INPUT = "input_1";
    static final List<String> OUTPUTS = List.of("Identity_2", "Identity_1");

    private final TfGraph graph;

    public FaceMeshModel(ModelStore store, TfGraph.TfOptions options) {
        this.graph = TfGraph.of(ConvertedModels.load(store, MODEL), options);
    }

    /** RGB in 0..1, 192 x 192. */
    public static float[] prepare(RgbImage crop) {
        float[] x = Images.cropResize(crop, Images.centre(crop, 1f), SIZE, SIZE);
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        return x;
    }

    public List<FloatTensor> runRaw(float[] batch, int n) {
        return graph.run(INPUT, new FloatTensor(batch, new long[] {n, SIZE, SIZE, 3}), OUTPUTS);
    }

    public List<FaceMesh> run(List<RgbImage> crops) {
        if (crops.isEmpty()) {
            return List.of();
        }
        int per = SIZE * SIZE * 3;
        float[] in = new float[crops.size() * per];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(prepare(crops.get(i)), 0, in, i * per, per);
        }
        List<FloatTensor> out = runRaw(in, crops.size());
        List<FaceMesh> result = new ArrayList<>(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            float[] mesh = out.get(0).row(i);
            for (int j = 0; j < mesh.length; j++) {
                mesh[j] /= SIZE; // model pixels -> unit square of the crop
            }
            result.add(new FaceMesh(mesh, out.get(1).row(i)[0]));
        }
        return result;
    }

    @Override
    public void close() {
        graph.close();
    }
}
