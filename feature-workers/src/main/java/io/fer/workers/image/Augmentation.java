package io.fer.workers.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training copies that look like what cameras deliver, drawn from the same {@link Degradation} steps that
 * {@code fer eval --conditions} measures: every copy puts the face on a canvas at a random size (32..200 px in
 * 640 x 480, log-uniform, so small faces are as common as near ones), covers its lower part in a third of the clips (a
 * mask of a random colour), and adds one of low light with noise, blur, roll and compression, or nothing. One draw per
 * clip and copy, from the clip id: a clip degrades the same way in each of its frames (a camera's condition lasts) and
 * in every run. Meant for face-crop data sets (CK+, FER2013, DFEW's crops), where the frame is the face.
 */
public final class Augmentation {
    /** Changes whenever draws change: caches of augmented copies are keyed by it. */
    public static final int VERSION = 1;
    static final int CANVAS_WIDTH = 640;
    static final int CANVAS_HEIGHT = 480;
    static final int[] MASK_COLOURS = {0x8c8c8c, 0x202020, 0xf0f0f0, 0x9fc5e8, 0x3d5a80};

    private Augmentation() {}

    /** The degradation of training copy {@code copy} (0, 1, ...) of the clip. */
    public static Degradation draw(String clipId, int copy) {
        Random r = new Random(clipId.hashCode() * 31L + copy * 1_000_003L + 17);
        List<DegradationStep> steps = new ArrayList<>();
        if (r.nextFloat() < 0.33f) {
            steps.add(new DegradationStep.Mask(r2(0.3f + 0.2f * r.nextFloat()), MASK_COLOURS[r.nextInt(MASK_COLOURS.length)]));
        }
        int face = (int) Math.round(Math.exp(Math.log(32) + r.nextDouble() * (Math.log(200) - Math.log(32))));
        steps.add(new DegradationStep.FaceOnCanvas(face, CANVAS_WIDTH, CANVAS_HEIGHT));
        switch (r.nextInt(5)) {
            case 0 -> {
                steps.add(new DegradationStep.Dark(r2(0.15f + 0.35f * r.nextFloat())));
                steps.add(new DegradationStep.Noise(r2(3 + 9 * r.nextFloat())));
            }
            case 1 -> steps.add(new DegradationStep.Blur(r2(0.8f + 2.2f * r.nextFloat() * face / 160f)));
            case 2 -> steps.add(new DegradationStep.Roll(r2((r.nextBoolean() ? 1 : -1) * (8 + 22 * r.nextFloat()))));
            case 3 -> steps.add(new DegradationStep.Jpeg(8 + r.nextInt(23)));
            default -> { } // the face at that size alone
        }
        return new Degradation(steps);
    }

    /** Two decimals: a draw reads as its spec. */
    private static float r2(double v) {
        return Math.round(v * 100) / 100f;
    }
}
