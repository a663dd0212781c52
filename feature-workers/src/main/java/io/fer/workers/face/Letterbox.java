package io.fer.workers.face;

import io.fer.workers.image.Box;

/**
 * Maps between an image and the square model input it is fitted into (scaled to the longer side,
 * centred, black bars), so detections keep the image's aspect ratio.
 */
public record Letterbox(int imageWidth, int imageHeight, int inputSize) {
    public float scale() {
        return (float) Math.max(imageWidth, imageHeight) / inputSize;
    }

    /** The region of the image (pixels, reaching outside it) that fills the model input. */
    public Box sourceRegion() {
        float side = Math.max(imageWidth, imageHeight);
        return new Box((imageWidth - side) / 2, (imageHeight - side) / 2, side, side);
    }

    public Detection toImage(Detection d) {
        Box src = sourceRegion();
        float s = scale();
        Box b = d.box();
        float[] kp = d.keypoints().clone();
        for (int i = 0; i < kp.length; i += 2) {
            kp[i] = kp[i] * s + src.x();
            kp[i + 1] = kp[i + 1] * s + src.y();
        }
        return new Detection(new Box(b.x() * s + src.x(), b.y() * s + src.y(), b.width() * s, b.height() * s), d.score(), kp);
    }
}
