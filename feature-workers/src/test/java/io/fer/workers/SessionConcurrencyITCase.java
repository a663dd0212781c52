package io.fer.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.models.tf.TfGraph;
import io.fer.testing.TestModels;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modalities;
import io.fer.workers.modality.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The stages of one worker process run their models side by side. TensorFlow sizes one thread pool per process from
 * its first session, so this runs in a fresh JVM each time: the expression and appearance modalities on real face
 * crops, each in its own thread as two stages do. Side by side, the cheap expression network finishes several calls
 * per call of the appearance ResNet (5-6 here); queued on one pool thread, the two take turns (1.1-1.2).
 */
class SessionConcurrencyITCase {

    @Test
    void stageSessionsWithTheWorkersOptionsRunSideBySide() throws Exception {
        // the options Workers.build hands every stage when the user sets none
        Calls calls = runInFreshJvm(TfGraph.TfOptions.DEFAULT.intraOpThreads(), TfGraph.TfOptions.DEFAULT.interOpThreads());
        assertThat(calls.expression()).as("expression calls per appearance call: %s", calls)
                .isGreaterThan(calls.appearance() * 2);
    }

    @Test
    void oneThreadPerSessionWouldMakeThemTakeTurns() throws Exception {
        // what giving each of two stages "its share" of two cores did: the process's one pool got one thread
        Calls calls = runInFreshJvm(1, 1);
        assertThat(calls.expression()).as("expression calls per appearance call: %s", calls)
                .isLessThan(calls.appearance() * 3 / 2);
    }

    record Calls(int expression, int appearance) {}

    private static Calls runInFreshJvm(int intraOp, int interOp) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TwoStages.class.getName(), String.valueOf(intraOp), String.valueOf(interOp),
                TestModels.store().dir().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] counts = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        return new Calls(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
    }

    /** The child JVM: two modalities called in a loop from two threads; prints their calls in the measured seconds. */
    public static final class TwoStages {
        private static final long WARM_UP_MS = 3_000;
        private static final long MEASURED_MS = 6_000;

        public static void main(String[] args) throws Exception {
            var options = new TfGraph.TfOptions("cpu", Integer.parseInt(args[0]), Integer.parseInt(args[1]));
            var store = io.fer.models.store.ModelStore.at(Path.of(args[2]));
            List<RgbImage> crops = new ArrayList<>();
            try (FaceDetector detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, options)) {
                RgbImage photo = Images.decode(Files.readAllBytes(store.file("sample6.jpg")));
                for (Detection d : detector.detect(List.of(photo)).get(0)) {
                    crops.add(Images.warp(photo, FaceAligner.align(d, FaceAligner.CROP_MARGIN), 256));
                }
            }
            if (crops.isEmpty()) {
                throw new IllegalStateException("no face found in sample6.jpg");
            }
            List<RgbImage> batch = crops.subList(0, Math.min(4, crops.size()));
            long measureFrom = System.nanoTime() + WARM_UP_MS * 1_000_000;
            long end = measureFrom + MEASURED_MS * 1_000_000;
            AtomicInteger expression = new AtomicInteger();
            AtomicInteger appearance = new AtomicInteger();
            Thread a = stage(Modalities.create("expression", store, options), batch, measureFrom, end, expression);
            Thread b = stage(Modalities.create("appearance", store, options), batch, measureFrom, end, appearance);
            a.join();
            b.join();
            System.out.println(expression.get() + " " + appearance.get());
            System.exit(0);
        }

        private static Thread stage(Modality modality, List<RgbImage> batch, long measureFrom, long end, AtomicInteger calls) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    modality.embed(batch);
                    if (System.nanoTime() > measureFrom) {
                        calls.incrementAndGet();
                    }
                }
            });
            t.start();
            return t;
        }
    }
}
