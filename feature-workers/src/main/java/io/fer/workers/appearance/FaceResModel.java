package io.fer.workers.appearance;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/** The `faceres` model: a 1024-d face appearance descriptor from a 224 x 224 RGB face crop in 0..255. One per thread. */
public final class FaceResModel implements AutoCloseable {
    public static final String MODEL = "faceres";
    public static final int SIZE = 224;
    public static final int DIM = 1024;
    static final String INPUT = "input_1";
    static final List<String> OUTPUTS = List.of("global_pooling/Mean");
    /** Tight crop inside the loose published face crop (face margin 1.1 of 1.4). */
    public static final float CROP_FRACTION = 1.1f / 1.4f;

    private final TfGraph graph;

    public FaceResModel(ModelStore store, TfGraph.TfOptions options) {
        this.graph = TfGraph.of(ConvertedModels.load(store, MODEL), options);
    }

    public static float[] prepare(RgbImage looseCrop) {
        return Images.cropResize(looseCrop, Images.centre(looseCrop, CROP_FRACTION), SIZE, SIZE);
    }

    public List<FloatTensor> runRaw(float[] batch, int n) {
        return graph.run(INPUT, new FloatTensor(batch, new long[] {n, SIZE, SIZE, 3}), OUTPUTS);
    }

    public List<float[]> run(List<RgbImage> looseCrops) {
        if (looseCrops.isEmpty()) {
            return List.of();
        }
        int per = SIZE * SIZE * 3;
        float[] in = new float[looseCrops.size() * per];
        for (int i = 0; i < looseCrops.size(); i++) {
            System.arraycopy(prepare(looseCrops.get(i)), 0, in, i * per, per);
        }
        FloatTensor out = runRaw(in, looseCrops.size()).get(0);
        List<float[]> result = new ArrayList<>();
        for (int i = 0; i < looseCrops.size(); i++) {
            result.add(out.row(i));
        }
        return result;
    }

    @Override
    public void close() {
        graph.close();
    }
}
