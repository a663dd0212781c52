package io.fer.workers.face;

import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.Predictor;
import io.fer.models.tf.TfGraph;
import io.fer.models.tfjs.ConvertedModels;
import io.fer.models.tfjs.GraphPatches;
import io.fer.workers.image.Box;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The BlazeFace detector from the pinned model package, run in TensorFlow Java. One per thread. */
public final class FaceDetector implements FaceFinder, AutoCloseable {
    public static final String MODEL = "blazeface";
    private static final int INPUT = BlazeFaceTranslator.INPUT;

    private final BlazeFaceDecoder decoder;
    private final Predictor<BlazeFaceTranslator.Region, List<Detection>> predictor;

    public FaceDetector(ModelStore store, DetectorConfig config) {
        this(store, config, TfGraph.TfOptions.DEFAULT);
    }

    public FaceDetector(ModelStore store, DetectorConfig config, TfGraph.TfOptions options) {
        // exported with batch 1 baked in; made dynamic so frames are detected in batches
        this.decoder = new BlazeFaceDecoder(INPUT, config.minScore(), config.iouThreshold(), config.maxFaces());
        this.predictor = new Predictor<>(TfGraph.of(GraphPatches.dynamicBatch(ConvertedModels.load(store, MODEL)), options),
                new BlazeFaceTranslator(decoder));
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
        List<BlazeFaceTranslator.Region> items = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            items.add(new BlazeFaceTranslator.Region(images.get(i), regions.get(i)));
        }
        return predictor.predict(items);
    }

    /** The image letterboxed into 256 x 256 RGB in [-1, 1], as the original library scales it. */
    public static float[] prepare(RgbImage image) {
        Box whole = new Letterbox(image.width(), image.height(), INPUT).sourceRegion();
        return BlazeFaceTranslator.scaled(image, whole);
    }

    /** The four raw heads for a batch of prepared inputs. */
    public List<FloatTensor> runRaw(float[] batch, int n) {
        return predictor.runRaw(batch, n);
    }

    public BlazeFaceDecoder decoder() {
        return decoder;
    }

    @Override
    public void close() {
        predictor.close();
    }
}
