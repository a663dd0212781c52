package io.fer.workers.image;

/** A square region of an image, rotated by angle (radians, counter-clockwise) about its centre. */
public record AlignedBox(float cx, float cy, float side, float angle) {
    /** The same centre and angle, side scaled by factor. */
    public AlignedBox scaled(float factor) {
        return new AlignedBox(cx, cy, side * factor, angle);
    }

    /** Image coordinates of a point given in this box's unit square (0..1, 0..1). */
    public float[] toImage(float u, float v) {
        float dx = (u - 0.5f) * side;
        float dy = (v - 0.5f) * side;
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        return new float[] {cx + dx * cos - dy * sin, cy + dx * sin + dy * cos};
    }
}
