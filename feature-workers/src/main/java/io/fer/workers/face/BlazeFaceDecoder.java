package io.fer.workers.face;

import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BlazeFace post-processing, pure: anchor generation, box and keypoint decoding relative to the
 * anchors, sigmoid scores, greedy non-maximum suppression. Coordinates come out in input pixels
 * (0..inputSize) and are mapped to the image by the caller's {@link Letterbox}.
 */
public final class BlazeFaceDecoder {
    static final int VALUES_PER_ANCHOR = 17; // score logit, cx, cy, w, h, 6 x (x, y)
    private static final int KEYPOINTS = 6;

    private final int inputSize;
    private final float[][] anchors;
    private final float minScore;
    private final float iouThreshold;
    private final int maxFaces;

    public BlazeFaceDecoder(int inputSize, float minScore, float iouThreshold, int maxFaces) {
        this.inputSize = inputSize;
        this.anchors = anchors(inputSize);
        this.minScore = minScore;
        this.iouThreshold = iouThreshold;
        this.maxFaces = maxFaces;
    }

    /** As the original library: strides input/16 (2 anchors per cell) and input/8 (6 per cell). */
    static float[][] anchors(int inputSize) {
        int[] strides = {inputSize / 16, inputSize / 8};
        int[] perCell = {2, 6};
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < strides.length; s++) {
            int stride = strides[s];
            int grid = (inputSize + stride - 1) / stride;
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++) {
                    for (int n = 0; n < perCell[s]; n++) {
                        out.add(new float[] {stride * (gx + 0.5f), stride * (gy + 0.5f)});
                    }
                }
            }
        }
        return out.toArray(new float[0][]);
    }

    public int anchorCount() {
        return anchors.length;
    }

    /** raw: anchorCount x 17 values, anchors in the order of {@link #anchors}. */
    public List<Detection> decode(float[] raw) {
        if (raw.length != anchors.length * VALUES_PER_ANCHOR) {
            throw new IllegalArgumentException("expected " + anchors.length * VALUES_PER_ANCHOR + " values, got " + raw.length);
        }
        List<Detection> candidates = new ArrayList<>();
        for (int a = 0; a < anchors.length; a++) {
            int o = a * VALUES_PER_ANCHOR;
            float score = sigmoid(raw[o]);
            if (score < minScore) {
                continue;
            }
            float cx = raw[o + 1] + anchors[a][0];
            float cy = raw[o + 2] + anchors[a][1];
            float w = raw[o + 3];
            float h = raw[o + 4];
            float[] kp = new float[KEYPOINTS * 2];
            for (int k = 0; k < KEYPOINTS; k++) {
                kp[2 * k] = raw[o + 5 + 2 * k] + anchors[a][0];
                kp[2 * k + 1] = raw[o + 6 + 2 * k] + anchors[a][1];
            }
            candidates.add(new Detection(new Box(cx - w / 2, cy - h / 2, w, h), score, kp));
        }
        return nonMaxSuppression(candidates, iouThreshold, maxFaces);
    }

    static List<Detection> nonMaxSuppression(List<Detection> in, float iouThreshold, int max) {
        List<Detection> sorted = new ArrayList<>(in);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.size() >= max) {
                break;
            }
            if (kept.stream().noneMatch(k -> k.box().iou(d.box()) > iouThreshold)) {
                kept.add(d);
            }
        }
        return kept;
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    public int inputSize() {
        return inputSize;
    }
}
