package io.fer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer.launcher.Generators;
import io.fer.launcher.ModelsOptions;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.appearance.FaceResModel;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.expression.ExpressionPreprocessor;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.landmarks.FaceMeshModel;
import io.fer.workers.pose.MoveNetModel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * fer bench models: model-only cost of every generator on real inputs (the sample photos and their faces), at
 * batch 1, 8 and 32: the median over repeated runs after warm-up, per item and as items/s.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Median ms per item and items/s of each generator at batch 1, 8, 32, and the cost per face-frame of all face-level generators.")
public final class BenchModelsCommand implements Callable<Integer> {
    private static final int[] BATCHES = {1, 8, 32};
    private static final int WARM_UP_PASSES = 3;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--runs", defaultValue = "7", description = "timed runs per batch size, after 3 warm-up passes over every batch size (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", defaultValue = "0", description = "intra-op threads; 0 lets TensorFlow choose")
    int threads;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        ModelStore store = Generators.checked(models.store());
        TfGraph.TfOptions opts = Generators.options(device, threads);
        List<RgbImage> photos = new ArrayList<>();
        for (String p : store.samplePhotos()) {
            photos.add(Images.decode(Files.readAllBytes(store.file(p))));
        }
        Map<String, Map<Integer, double[]>> results = new LinkedHashMap<>(); // model -> batch -> {ms/item, items/s}
        List<RgbImage> faces = new ArrayList<>();
        try (FaceDetector det = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, opts)) {
            for (RgbImage img : photos) {
                for (Detection d : det.detect(img)) {
                    faces.add(Images.warp(img, FaceAligner.align(d, FaceAligner.CROP_MARGIN), 256));
                }
            }
            results.put(FaceDetector.MODEL, measure(n -> det.runRaw(batchOf(photos, n, FaceDetector::prepare), n)));
        }
        try (ExpressionModel m = new ExpressionModel(store, opts)) {
            results.put(ExpressionModel.MODEL, measure(n -> m.runRaw(batchOf(faces, n, ExpressionPreprocessor::prepare), n)));
        }
        try (FaceResModel m = new FaceResModel(store, opts)) {
            results.put(FaceResModel.MODEL, measure(n -> m.runRaw(batchOf(faces, n, FaceResModel::prepare), n)));
        }
        try (FaceMeshModel m = new FaceMeshModel(store, opts)) {
            results.put(FaceMeshModel.MODEL, measure(n -> m.runRaw(batchOf(faces, n, FaceMeshModel::prepare), n)));
        }
        try (MoveNetModel m = new MoveNetModel(store, opts)) {
            int[] input = MoveNetModel.prepare(photos.get(0));
            results.put(MoveNetModel.MODEL, measure(n -> {
                for (int i = 0; i < n; i++) {
                    m.runRaw(input); // the graph is fixed to batch 1
                }
            }));
        }
        report(results);
        return 0;
    }

    /** Pre-processing is done before timing starts: this measures the engine. */
    private static float[] batchOf(List<RgbImage> items, int n, Function<RgbImage, float[]> prepare) {
        List<float[]> one = items.stream().map(prepare).toList();
        int per = one.get(0).length;
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one.get(i % one.size()), 0, out, i * per, per);
        }
        return out;
    }

    private Map<Integer, double[]> measure(IntConsumer runBatch) {
        Map<Integer, double[]> out = new LinkedHashMap<>();
        // every batch size warmed up before any is timed: the session's first runs optimise its graph and create
        // its kernels, which made batch 1 (timed first, after 2 runs) look 2-3x slower than it is (faceres 55 vs 21 ms)
        for (int w = 0; w < WARM_UP_PASSES; w++) {
            for (int n : BATCHES) {
                runBatch.accept(n);
            }
        }
        for (int n : BATCHES) {
            runBatch.accept(n);
            double[] ms = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t = System.nanoTime();
                runBatch.accept(n);
                ms[r] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            double perItem = ms[runs / 2] / n;
            out.put(n, new double[] {perItem, 1000 / perItem});
        }
        return out;
    }

    private void report(Map<String, Map<Integer, double[]>> results) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("device", device);
        root.put("runs", runs);
        ObjectNode gens = root.putObject("generators");
        results.forEach((model, byBatch) -> {
            ObjectNode g = gens.putObject(model);
            byBatch.forEach((n, v) -> g.putObject("batch_" + n).put("ms_per_item", round(v[0])).put("items_per_s", round(v[1])));
        });
        ObjectNode total = root.putObject("face_level_total_ms_per_face_frame");
        for (int n : BATCHES) {
            double sum = 0;
            for (String m : List.of(ExpressionModel.MODEL, FaceResModel.MODEL, FaceMeshModel.MODEL, MoveNetModel.MODEL)) {
                sum += results.get(m).get(n)[0];
            }
            total.put("batch_" + n, round(sum));
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(root));
            return;
        }
        System.out.printf("%-20s %8s %12s %12s%n", "generator", "batch", "ms/item", "items/s");
        results.forEach((model, byBatch) -> byBatch.forEach((n, v) ->
                System.out.printf("%-20s %8d %12.2f %12.1f%n", model, n, v[0], v[1])));
        System.out.println("face-level generators together (emotion + faceres + facemesh + movenet), ms per face-frame: "
                + total);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
