package io.fer.workers;

import io.fer.models.store.ModelStore;
import io.fer.workers.expression.*;
import io.fer.workers.face.*;
import io.fer.workers.image.*;
import java.nio.file.*;
import java.util.*;

public class ProbeMain {
    public static void main(String[] a) throws Exception {
        ModelStore store = ModelStore.at(Path.of(a[0]));
        try (var det = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT); var em = new ExpressionModel(store)) {
            for (int i = 1; i < a.length; i++) {
                RgbImage img = Images.decode(Files.readAllBytes(Path.of(a[i])));
                long t = System.nanoTime();
                var dets = det.detect(img);
                System.out.println(a[i] + " faces=" + dets.size() + " " + (System.nanoTime() - t) / 1e6 + "ms");
                for (var d : dets) {
                    var crop = Images.crop(img, d.box().squareEnlarged(1.0f), 128, 128);
                    var f = em.run(List.of(crop)).get(0);
                    float[] p = f.probabilities();
                    int best = 0; for (int k = 1; k < 7; k++) if (p[k] > p[best]) best = k;
                    System.out.printf("  box=%s score=%.2f label=%s p=%s feat=%d%n", d.box(), d.score(), EmotionClasses.MODEL_ORDER.get(best), Arrays.toString(p), f.features().length);
                }
            }
        }
    }
}
