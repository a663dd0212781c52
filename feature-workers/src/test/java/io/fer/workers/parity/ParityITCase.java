package io.fer.workers.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.testing.Checkout;
import io.fer.testing.TestModels;
import io.fer.workers.appearance.FaceResModel;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.expression.ExpressionPreprocessor;
import io.fer.workers.face.BlazeFaceOutputsAccess;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.landmarks.FaceMeshModel;
import io.fer.workers.pose.MoveNetModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with the original: the same input tensors, made by our pre-processing from the real sample photos, go
 * through our TF Java graphs and through TensorFlow.js 4.22 (pure-JS CPU backend, parity/reference.mjs); raw
 * outputs must agree to a relative error of 1e-4 (max abs difference over the reference's max abs value).
 * Needs node and `npm ci --prefix parity` (.ci/run does both).
 */
class ParityITCase {
    static final double TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path work;
    private static final List<Map<String, Object>> jobs = new ArrayList<>();
    /** job prefix -> our outputs */
    private static final Map<String, List<FloatTensor>> ours = new LinkedHashMap<>();
    /** job prefix -> our decoded boxes in model-input pixels */
    private static final Map<String, List<Detection>> ourBoxes = new LinkedHashMap<>();
    private static final Map<String, String> modelOfJob = new LinkedHashMap<>();
    private static final List<String> batchMismatches = new ArrayList<>();

    @BeforeAll
    static void runBoth() throws Exception {
        ModelStore store = TestModels.store();
        work = Files.createTempDirectory("fer-parity");
        TfGraph.TfOptions opts = TfGraph.TfOptions.DEFAULT;
        try (FaceDetector detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, opts);
                ExpressionModel emotion = new ExpressionModel(store, opts);
                FaceResModel faceres = new FaceResModel(store, opts);
                FaceMeshModel facemesh = new FaceMeshModel(store, opts);
                MoveNetModel movenet = new MoveNetModel(store, opts)) {
            for (String photo : store.samplePhotos()) {
                RgbImage img = Images.decode(Files.readAllBytes(store.file(photo)));
                String p = photo.replace(".jpg", "");
                float[] det = FaceDetector.prepare(img);
                List<FloatTensor> detOut = detector.runRaw(det, 1);
                job(p + "-blazeface", "blazeface", det, new long[] {1, 256, 256, 3}, "float32",
                        List.of("Identity", "Identity_1", "Identity_2", "Identity_3"), detOut, true);
                List<FloatTensor> sorted = detOut.stream().sorted(Comparator.comparingInt(t -> t.data().length)).toList();
                ourBoxes.put(p + "-blazeface", detector.decoder().decode(BlazeFaceOutputsAccess.interleave(
                        sorted.get(1).data(), sorted.get(3).data(), sorted.get(0).data(), sorted.get(2).data())));

                List<RgbImage> crops = new ArrayList<>();
                for (Detection d : detector.detect(img)) {
                    crops.add(Images.warp(img, FaceAligner.align(d, FaceAligner.CROP_MARGIN), 256));
                }
                int n = crops.size();
                float[] emoIn = concat(crops.stream().map(ExpressionPreprocessor::prepare).toList());
                job(p + "-emotion", "emotion", emoIn, new long[] {n, 64, 64, 1}, "float32",
                        List.of("StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean", "StatefulPartitionedCall/model_1/add_2/add"),
                        emotion.runRaw(emoIn, n), false);
                float[] resIn = concat(crops.stream().map(FaceResModel::prepare).toList());
                job(p + "-faceres", "faceres", resIn, new long[] {n, 224, 224, 3}, "float32", List.of("global_pooling/Mean"),
                        faceres.runRaw(resIn, n), false);
                float[] meshIn = concat(crops.stream().map(FaceMeshModel::prepare).toList());
                job(p + "-facemesh", "facemesh", meshIn, new long[] {n, 192, 192, 3}, "float32", List.of("Identity_2", "Identity_1"),
                        facemesh.runRaw(meshIn, n), false);
                int[] poseIn = MoveNetModel.prepare(img);
                job(p + "-movenet", "movenet-lightning", toFloatBits(poseIn), new long[] {1, 192, 192, 3}, "int32",
                        List.of("Identity"), List.of(movenet.runRaw(poseIn)), false);

                // batched results equal single ones
                checkBatch(p + " emotion", emotion.runRaw(emoIn, n), i -> emotion.runRaw(slice(emoIn, i, n), 1));
                checkBatch(p + " faceres", faceres.runRaw(resIn, n), i -> faceres.runRaw(slice(resIn, i, n), 1));
                checkBatch(p + " facemesh", facemesh.runRaw(meshIn, n), i -> facemesh.runRaw(slice(meshIn, i, n), 1));
            }
        }
        Path jobsFile = work.resolve("jobs.json");
        JSON.writeValue(jobsFile.toFile(), jobs);
        Path parity = Checkout.root().resolve("parity");
        if (!Files.isDirectory(parity.resolve("node_modules/@tensorflow/tfjs"))) {
            throw new IllegalStateException("the parity check needs TensorFlow.js: run 'npm ci --prefix " + parity + "'");
        }
        Process node = new ProcessBuilder("node", parity.resolve("reference.mjs").toString(), jobsFile.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("node.log").toFile()).start();
        if (!node.waitFor(15, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new IllegalStateException("reference.mjs failed: " + Files.readString(work.resolve("node.log")));
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void detectorRawOutputsMatch() throws Exception {
        assertMatches("blazeface");
    }

    @Test
    void detectorBoxesMatchTheLibrarysDecoding() throws Exception {
        for (var e : ourBoxes.entrySet()) {
            JsonNode ref = JSON.readTree(work.resolve(e.getKey() + ".boxes.json").toFile());
            assertThat(ref.size()).as(e.getKey() + " faces found by the library").isGreaterThanOrEqualTo(3);
            assertThat(e.getValue()).as(e.getKey()).hasSize(ref.size());
            for (JsonNode r : ref) {
                JsonNode b = r.get("box"); // x1, y1, x2, y2
                Box theirs = new Box((float) b.get(0).asDouble(), (float) b.get(1).asDouble(),
                        (float) (b.get(2).asDouble() - b.get(0).asDouble()), (float) (b.get(3).asDouble() - b.get(1).asDouble()));
                double best = e.getValue().stream().mapToDouble(d -> d.box().iou(theirs)).max().orElse(0);
                assertThat(best).as(e.getKey() + " IoU with the library's box " + b).isGreaterThanOrEqualTo(0.9);
            }
        }
    }

    @Test
    void expressionMatches() throws Exception {
        assertMatches("emotion");
    }

    @Test
    void appearanceMatches() throws Exception {
        assertMatches("faceres");
    }

    @Test
    void landmarksMatch() throws Exception {
        assertMatches("facemesh");
    }

    @Test
    void bodyPoseMatches() throws Exception {
        assertMatches("movenet-lightning");
    }

    @Test
    void batchedResultsEqualSingleOnes() {
        assertThat(batchMismatches).isEmpty();
    }

    private static void assertMatches(String model) throws Exception {
        int checked = 0;
        double worst = 0;
        for (var e : ours.entrySet()) {
            if (!modelOfJob.get(e.getKey()).equals(model)) {
                continue;
            }
            JsonNode shapes = JSON.readTree(work.resolve(e.getKey() + ".json").toFile());
            for (int i = 0; i < e.getValue().size(); i++) {
                float[] theirs = readFloats(work.resolve(e.getKey() + "." + i + ".bin"));
                float[] mine = e.getValue().get(i).data();
                assertThat(mine).as(e.getKey() + " output " + i + " size (shape " + shapes.get(i) + ")").hasSameSizeAs(theirs);
                double err = relativeError(mine, theirs);
                worst = Math.max(worst, err);
                assertThat(err).as(e.getKey() + " output " + i).isLessThanOrEqualTo(TOLERANCE);
                checked++;
            }
        }
        System.out.printf("parity %s: %d outputs, worst relative error %.2e%n", model, checked, worst);
        assertThat(checked).as("outputs compared for " + model).isPositive();
    }

    static double relativeError(float[] a, float[] b) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxRef = Math.max(maxRef, Math.abs(b[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-6);
    }

    private static void job(String prefix, String model, float[] input, long[] shape, String dtype, List<String> outputs,
            List<FloatTensor> mine, boolean detector) throws Exception {
        Path in = work.resolve(prefix + ".in.bin");
        Files.write(in, toBytes(input));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("modelDir", TestModels.store().dir().toString());
        j.put("model", model);
        j.put("input", Map.of("file", in.toString(), "shape", shape, "dtype", dtype));
        j.put("outputs", outputs);
        j.put("out", work.resolve(prefix).toString());
        if (detector) {
            var c = FaceDetector.DetectorConfig.DEFAULT;
            j.put("detector", Map.of("inputSize", 256, "maxFaces", c.maxFaces(), "iouThreshold", c.iouThreshold(), "minScore", c.minScore()));
        }
        jobs.add(j);
        ours.put(prefix, mine);
        modelOfJob.put(prefix, model);
    }

    private interface Single {
        List<FloatTensor> run(int i);
    }

    private static void checkBatch(String what, List<FloatTensor> batch, Single single) {
        int n = batch.get(0).dim(0);
        for (int i = 0; i < n; i++) {
            List<FloatTensor> one = single.run(i);
            for (int k = 0; k < batch.size(); k++) {
                double err = relativeError(batch.get(k).row(i), one.get(k).data());
                if (err > TOLERANCE) {
                    batchMismatches.add(what + " item " + i + " output " + k + ": " + err);
                }
            }
        }
    }

    private static float[] slice(float[] batch, int i, int n) {
        int per = batch.length / n;
        return Arrays.copyOfRange(batch, i * per, (i + 1) * per);
    }

    private static float[] concat(List<float[]> parts) {
        int len = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[len];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** int32 values written with the same 4-byte layout as floats (the job says dtype int32). */
    private static float[] toFloatBits(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = Float.intBitsToFloat(v[i]);
        }
        return f;
    }

    private static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putInt(Float.floatToRawIntBits(x));
        }
        return b.array();
    }

    private static float[] readFloats(Path p) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
