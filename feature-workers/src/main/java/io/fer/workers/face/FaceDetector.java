package io.fer.workers.face;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.TfjsGraphModelLoader;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.List;

/** The BlazeFace detector from the pinned model package, run in TensorFlow Java. One per thread. */
public final class FaceDetector implements AutoCloseable {
    public static final String MODEL = "blazeface";
    private static final int INPUT = 256;
    private static final String INPUT_NODE = "input";
    // the converted model's four heads: scores and boxes for the 16x16 (2 anchors) and 8x8 (6 anchors) grids
    private static final List<String> OUTPUTS = List.of("Identity", "Identity_1", "Identity_2", "Identity_3");

    private final TfGraph graph;
    private final BlazeFaceDecoder decoder;

    public FaceDetector(ModelStore store, DetectorConfig config) {
        this.graph = TfGraph.of(TfjsGraphModelLoader.load(store.file(MODEL + ".json"), store.file(MODEL + ".bin")),
                TfGraph.TfOptions.DEFAULT);
        this.decoder = new BlazeFaceDecoder(INPUT, config.minScore(), config.iouThreshold(), config.maxFaces());
    }

    public record DetectorConfig(float minScore, float iouThreshold, int maxFaces) {
        public static final DetectorConfig DEFAULT = new DetectorConfig(0.5f, 0.3f, 10);
    }

    public List<Detection> detect(RgbImage image) {
        Letterbox lb = new Letterbox(image.width(), image.height(), INPUT);
        float[] input = Images.cropResize(image, lb.sourceRegion(), INPUT, INPUT);
        for (int i = 0; i < input.length; i++) {
            input[i] = input[i] / 127.5f - 1f; // as the original library: [-1, 1]
        }
        List<FloatTensor> out = graph.run(INPUT_NODE, new FloatTensor(input, new long[] {1, INPUT, INPUT, 3}), OUTPUTS);
        // told apart by size, as the original library does: 384 and 512 scores, 384x16 and 512x16 boxes
        List<float[]> heads = out.stream().map(FloatTensor::data).sorted(java.util.Comparator.comparingInt(a -> a.length)).toList();
        float[] raw = BlazeFaceOutputs.interleave(heads.get(1), heads.get(3), heads.get(0), heads.get(2));
        return decoder.decode(raw).stream().map(lb::toImage).toList();
    }

    @Override
    public void close() {
        graph.close();
    }
}
