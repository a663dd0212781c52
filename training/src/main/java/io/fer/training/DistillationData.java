package io.fer.training;

import io.fer.workers.expression.ExpressionFeatures;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Training clips for the default model, made from nothing but the real photos of the pinned npm packages:
 * every detected face becomes several augmented 16-frame clips, each frame run through the pretrained
 * expression model; a clip's target is the model's mean per-frame distribution (distillation).
 * Two further kinds of clip widen what the transformer sees: clips that cut from one face to another
 * (the target weighs both), and clips whose class logits are consistently permuted, so every class
 * has examples although the photos show mostly happy and neutral faces.
 */
public final class DistillationData {
    private final FaceDetector detector;
    private final ExpressionModel expression;
    private final Consumer<String> progress;

    public DistillationData(FaceDetector detector, ExpressionModel expression, Consumer<String> progress) {
        this.detector = detector;
        this.expression = expression;
        this.progress = progress;
    }

    public record Settings(int windowFrames, int clipsPerFace, int permutedPerClip, int mixedClips, long seed) {
        public static final Settings DEFAULT = new Settings(16, 16, 3, 600, 7);
    }

    /** Real clips per face, grouped by face ("photo#face") so validation never sees a training face. */
    public List<Clip> realClips(List<Path> photos, Settings s) {
        ClipAugmenter augmenter = new ClipAugmenter(s.seed(), 160);
        List<Clip> clips = new ArrayList<>();
        for (Path photo : photos) {
            RgbImage img;
            try {
                img = Images.decode(Files.readAllBytes(photo));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Detection> faces = detector.detect(img);
            progress.accept(photo.getFileName() + ": " + faces.size() + " faces");
            for (int f = 0; f < faces.size(); f++) {
                for (int k = 0; k < s.clipsPerFace(); k++) {
                    List<ExpressionFeatures> frames = expression.run(augmenter.clip(img, faces.get(f), s.windowFrames()));
                    clips.add(toClip(frames, photo.getFileName() + "#" + f));
                }
            }
        }
        return clips;
    }

    /** Permuted and cut clips derived from the real ones (same groups, so no leak across the split). */
    public static List<Clip> derived(List<Clip> real, Settings s, int classes, int featureDim) {
        Random random = new Random(s.seed() + 1);
        List<Clip> out = new ArrayList<>();
        int t = s.windowFrames();
        for (Clip c : real) {
            for (int p = 0; p < s.permutedPerClip(); p++) {
                int[] perm = permutation(classes, random);
                float[] f = c.features().clone();
                for (int i = 0; i < t; i++) {
                    for (int k = 0; k < classes; k++) {
                        f[i * featureDim + k] = c.features()[i * featureDim + perm[k]];
                    }
                }
                float[] target = new float[classes];
                for (int k = 0; k < classes; k++) {
                    target[k] = c.target()[perm[k]];
                }
                out.add(new Clip(f, c.mask(), target, c.group()));
            }
        }
        List<Clip> pool = new ArrayList<>(real);
        pool.addAll(out);
        for (int i = 0; i < s.mixedClips(); i++) {
            Clip a = pool.get(random.nextInt(pool.size()));
            List<Clip> sameGroup = pool.stream().filter(x -> x.group().equals(a.group()) && x != a).toList();
            Clip b = sameGroup.isEmpty() ? a : sameGroup.get(random.nextInt(sameGroup.size()));
            int cut = 4 + random.nextInt(t - 7);
            float[] f = new float[t * featureDim];
            System.arraycopy(a.features(), 0, f, 0, cut * featureDim);
            System.arraycopy(b.features(), cut * featureDim, f, cut * featureDim, (t - cut) * featureDim);
            out.add(new Clip(f, a.mask(), targetOf(f, t, featureDim, classes), a.group()));
        }
        return out;
    }

    private static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    static Clip toClip(List<ExpressionFeatures> frames, String group) {
        int t = frames.size();
        int d = frames.get(0).vector().length;
        float[] f = new float[t * d];
        float[] mask = new float[t];
        for (int i = 0; i < t; i++) {
            System.arraycopy(frames.get(i).vector(), 0, f, i * d, d);
            mask[i] = 1;
        }
        return new Clip(f, mask, targetOf(f, t, d, frames.get(0).logits().length), group);
    }

    /** The teacher's mean per-frame distribution: softmax of each frame's logits (the first classes entries). */
    static float[] targetOf(float[] features, int t, int featureDim, int classes) {
        float[] target = new float[classes];
        for (int i = 0; i < t; i++) {
            float[] logits = new float[classes];
            System.arraycopy(features, i * featureDim, logits, 0, classes);
            float[] p = ExpressionFeatures.softmax(logits);
            for (int k = 0; k < classes; k++) {
                target[k] += p[k] / t;
            }
        }
        return target;
    }
}
