package io.fer.training;

import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.image.AlignedBox;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes a short "video" of one face from a still photo: the crop drifts, zooms and changes brightness
 * over the frames, as a hand-held camera and a moving head would. Pure image code.
 */
public final class ClipAugmenter {
    private final Random random;
    private final int cropSize;

    public ClipAugmenter(long seed, int cropSize) {
        this.random = new Random(seed);
        this.cropSize = cropSize;
    }

    private record Pose(float dx, float dy, float scale, float brightness) {}

    public List<RgbImage> clip(RgbImage photo, Detection face, int frames) {
        Pose start = randomPose();
        Pose end = randomPose();
        boolean flip = random.nextBoolean();
        List<RgbImage> out = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            float a = frames == 1 ? 0 : (float) i / (frames - 1);
            float jitter = 0.01f;
            float dx = lerp(start.dx, end.dx, a) + (float) random.nextGaussian() * jitter;
            float dy = lerp(start.dy, end.dy, a) + (float) random.nextGaussian() * jitter;
            float scale = lerp(start.scale, end.scale, a);
            float brightness = lerp(start.brightness, end.brightness, a);
            AlignedBox b = FaceAligner.align(face, scale);
            AlignedBox moved = new AlignedBox(b.cx() + dx * b.side(), b.cy() + dy * b.side(), b.side(), b.angle());
            RgbImage crop = Images.warp(photo, moved, cropSize);
            out.add(adjust(crop, brightness, flip));
        }
        return out;
    }

    private Pose randomPose() {
        // loose crops as the face stage publishes them (margin 1.4), zoomed in and out by up to ~15 %
        return new Pose(uniform(-0.06f, 0.06f), uniform(-0.06f, 0.06f), uniform(1.25f, 1.6f), uniform(0.7f, 1.3f));
    }

    private float uniform(float lo, float hi) {
        return lo + random.nextFloat() * (hi - lo);
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    static RgbImage adjust(RgbImage img, float brightness, boolean flip) {
        int w = img.width();
        int h = img.height();
        byte[] src = img.rgb();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = flip ? w - 1 - x : x;
                for (int c = 0; c < 3; c++) {
                    int v = Math.round((src[(y * w + sx) * 3 + c] & 0xff) * brightness);
                    dst[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return new RgbImage(w, h, dst);
    }
}
