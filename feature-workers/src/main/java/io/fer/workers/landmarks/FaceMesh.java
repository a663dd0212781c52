package io.fer.workers.landmarks;

/**
 * 468 face landmarks: x, y in the face crop's unit square (0..1), z in the same scale, and the model's
 * face-presence score.
 */
public record FaceMesh(float[] points, float score) {
    public static final int POINTS = 468;
}
