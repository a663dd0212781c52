package io.fer.workers.image;

/** An axis-aligned box in pixels. */
public record Box(float x, float y, float width, float height) {
    public float cx() { return x + width / 2; }
    public float cy() { return y + height / 2; }
    public float area() { return Math.max(0, width) * Math.max(0, height); }

    public float iou(Box o) {
        float ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        float iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        float inter = ix * iy;
        float union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

}
