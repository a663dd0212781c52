package io.fer.workers.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.FloatTensor;
import io.fer.models.tf.TfGraph;
import io.fer.testing.Checkout;
import io.fer.testing.TestModels;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.faceapi.FaceApiExpressionModality;
import io.fer.workers.faceapi.FaceApiExpressionNet;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity of our face-api expression network (rebuilt from the library's code, weights from its package) with the
 * library itself: face-api 1.7.15's FaceExpressionNet on TensorFlow.js 4.22 (parity/faceapi.cjs), fed the same
 * 112 x 112 face inputs cut from the real sample photos. Logits and the 256 pooled features must agree to a relative
 * error of 1e-4, and the library's argmax must be ours. Needs node and `npm ci --prefix parity` (.ci/run does both).
 */
class FaceApiParityITCase {
    @Test
    void logitsAndFeaturesMatchTheLibrary(@TempDir Path work) throws Exception {
        ModelStore store = TestModels.store();
        List<Map<String, Object>> jobs = new ArrayList<>();
        List<List<FloatTensor>> ours = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        try (FaceDetector detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, TfGraph.TfOptions.DEFAULT);
                FaceApiExpressionModality net = new FaceApiExpressionModality(store, TfGraph.TfOptions.DEFAULT)) {
            for (String photo : store.samplePhotos()) {
                RgbImage img = Images.decode(Files.readAllBytes(store.file(photo)));
                List<float[]> inputs = new ArrayList<>();
                for (Detection d : detector.detect(img)) {
                    inputs.add(FaceApiExpressionModality.prepare(Images.warp(img, FaceAligner.align(d, FaceAligner.CROP_MARGIN), 256)));
                }
                int n = inputs.size();
                float[] batch = new float[n * inputs.get(0).length];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(inputs.get(i), 0, batch, i * inputs.get(0).length, inputs.get(0).length);
                }
                String prefix = work.resolve(photo.replace(".jpg", "")).toString();
                write(Path.of(prefix + ".in.bin"), batch);
                jobs.add(Map.of("input", prefix + ".in.bin", "n", n, "out", prefix));
                ours.add(net.runRaw(batch, n));
                sizes.add(n);
            }
        }
        Path jobsFile = work.resolve("jobs.json");
        new ObjectMapper().writeValue(jobsFile.toFile(), jobs);
        Path parity = Checkout.root().resolve("parity");
        if (!Files.isDirectory(parity.resolve("node_modules/@vladmandic/face-api"))) {
            throw new IllegalStateException("the parity check needs face-api: run 'npm ci --prefix " + parity + "'");
        }
        Process node = new ProcessBuilder("node", parity.resolve("faceapi.cjs").toString(),
                store.file(FaceApiExpressionNet.MODEL + ".json").getParent().toString(), jobsFile.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("node.log").toFile()).start();
        assertThat(node.waitFor(10, TimeUnit.MINUTES) && node.exitValue() == 0).as("faceapi.cjs: %s", Files.readString(work.resolve("node.log")))
                .isTrue();

        double worst = 0;
        int faces = 0;
        for (int j = 0; j < jobs.size(); j++) {
            String prefix = (String) jobs.get(j).get("out");
            float[] logits = read(Path.of(prefix + ".logits.bin"));
            float[] features = read(Path.of(prefix + ".features.bin"));
            assertThat(logits).hasSize(sizes.get(j) * 7);
            double e1 = ParityITCase.relativeError(ours.get(j).get(0).data(), logits);
            double e2 = ParityITCase.relativeError(ours.get(j).get(1).data(), features);
            assertThat(e1).as(prefix + " logits").isLessThan(ParityITCase.TOLERANCE);
            assertThat(e2).as(prefix + " features").isLessThan(ParityITCase.TOLERANCE);
            worst = Math.max(worst, Math.max(e1, e2));
            for (int i = 0; i < sizes.get(j); i++) {
                assertThat(argmax(ours.get(j).get(0).row(i))).isEqualTo(argmax(Arrays.copyOfRange(logits, i * 7, i * 7 + 7)));
            }
            faces += sizes.get(j);
        }
        assertThat(faces).isGreaterThanOrEqualTo(15);
        System.out.printf("parity faceapi: %d faces, worst relative error %.2e%n", faces, worst);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static void write(Path file, float[] data) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Files.write(file, b.array());
    }

    private static float[] read(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
