package io.fer.workers.pose;

/** 17 COCO body keypoints: x, y in image pixels and a score each (x0, y0, s0, x1, y1, s1, ...). */
public record BodyPose(float[] keypoints) {
    public static final int KEYPOINTS = 17;
}
