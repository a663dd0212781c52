package io.fer.workers.face;

import io.fer.workers.image.AlignedBox;

/**
 * The one face alignment every face-level generator shares: a square around the detected face, rotated so the
 * eye line is level, with a margin. BlazeFace keypoints 0 and 1 are the eyes.
 */
public final class FaceAligner {
    /** Margin of the published face crop; generators cut their own tighter crops from it. */
    public static final float CROP_MARGIN = 1.4f;

    private FaceAligner() {}

    public static AlignedBox align(Detection d, float margin) {
        float[] k = d.keypoints();
        float angle = 0;
        if (k.length >= 4) {
            float ex = k[2] - k[0];
            float ey = k[3] - k[1];
            angle = (float) Math.atan2(ey, ex);
            if (Math.abs(angle) > Math.PI / 2) {
                angle -= (float) (Math.signum(angle) * Math.PI); // the eyes' order is not guaranteed
            }
        }
        float side = Math.max(d.box().width(), d.box().height()) * margin;
        return new AlignedBox(d.box().cx(), d.box().cy(), side, angle);
    }
}
