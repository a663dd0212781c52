package io.fer.workers.face;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.models.tfjs.GraphPatches;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The BlazeFace detector from the pinned model package, run in TensorFlow Java. One per thread. */
public final class FaceDetector implements FaceFinder, AutoCloseable {
    public static final String MODEL = "blazeface";
    private static final int INPUT = 256;
    private static final String INPUT_NODE = "input";
    // the converted model's four heads: scores and boxes for the 16x16 (2 anchors) and 8x8 (6 anchors) grids
    private static final List<String> OUTPUTS = List.of("Identity", "Identity_1", "Identity_2", "Identity_3");

    private final TfGraph graph;
    private final BlazeFaceDecoder decoder;

    public FaceDetector(ModelStore store, DetectorConfig config) {
        this(store, config, TfGraph.TfOptions.DEFAULT);
    }

    public FaceDetector(ModelStore store, DetectorConfig config, TfGraph.TfOptions options) {
        // exported with batch 1 baked in; made dynamic so frames are detected in batches
        this.graph = TfGraph.of(GraphPatches.dynamicBatch(ConvertedModels.load(store, MODEL)), options);
        this.decoder = new BlazeFaceDecoder(INPUT, config.minScore(), config.iouThreshold(), config.maxFaces());
    }

    public record DetectorConfig(float minScore, float iouThreshold, int maxFaces) {
        public static final DetectorConfig DEFAULT = new DetectorConfig(0.5f, 0.3f, 10);
    }

    public List<Detection> detect(RgbImage image) {
        return detect(List.of(image)).get(0);
    }

    /** The faces of each image (letterboxed whole into the model input), in one model call. */
    @Override
    public List<List<Detection>> detect(List<RgbImage> images) {
        return detectRegions(images, images.stream().map(i -> new Letterbox(i.width(), i.height(), INPUT).sourceRegion()).toList());
    }

    @Override
    public List<Detection> detectIn(RgbImage image, List<Box> regions) {
        return detectRegions(Collections.nCopies(regions.size(), image), regions).stream().flatMap(List::stream).toList();
    }

    /** Region i of image i scaled into the model input as the original library scales it ([-1, 1]); one call for all. */
    private List<List<Detection>> detectRegions(List<RgbImage> images, List<Box> regions) {
        if (images.isEmpty()) {
            return List.of();
        }
        int per = INPUT * INPUT * 3;
        float[] input = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(prepare(images.get(i), regions.get(i)), 0, input, i * per, per);
        }
        // told apart by size, as the original library does: 384 and 512 scores, 384x16 and 512x16 boxes
        List<FloatTensor> heads = runRaw(input, images.size()).stream()
                .sorted(Comparator.comparingInt(t -> t.data().length)).toList();
        List<List<Detection>> result = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] raw = BlazeFaceOutputs.interleave(heads.get(1).row(i), heads.get(3).row(i), heads.get(0).row(i), heads.get(2).row(i));
            Box region = regions.get(i);
            result.add(decoder.decode(raw).stream().map(d -> inRegion(d, region)).toList());
        }
        return result;
    }

    /** A detection in a region's input pixels, in image pixels. */
    static Detection inRegion(Detection d, Box region) {
        float sx = region.width() / INPUT;
        float sy = region.height() / INPUT;
        float[] kp = d.keypoints().clone();
        for (int i = 0; i + 1 < kp.length; i += 2) {
            kp[i] = kp[i] * sx + region.x();
            kp[i + 1] = kp[i + 1] * sy + region.y();
        }
        Box b = d.box();
        return new Detection(new Box(b.x() * sx + region.x(), b.y() * sy + region.y(), b.width() * sx,
                b.height() * sy), d.score(), kp);
    }

    /** The image letterboxed into 256 x 256 RGB in [-1, 1], as the original library scales it. */
    public static float[] prepare(RgbImage image) {
        return prepare(image, new Letterbox(image.width(), image.height(), INPUT).sourceRegion());
    }

    private static float[] prepare(RgbImage image, Box region) {
        float[] input = Images.cropResize(image, region, INPUT, INPUT);
        for (int i = 0; i < input.length; i++) {
            input[i] = input[i] / 127.5f - 1f;
        }
        return input;
    }

    /** The four raw heads for a batch of prepared inputs. */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        return graph.run(INPUT_NODE, new FloatTensor(batch, new long[] {n, INPUT, INPUT, 3}), OUTPUTS);
    }

    public BlazeFaceDecoder decoder() {
        return decoder;
    }

    @Override
    public void close() {
        graph.close();
    }
}
