package io.fer.workers.stage;

/** Settings of the face stage: the published aligned face crop (margin around the face, pixels) and tracking. */
public record StageConfig(float faceCropMargin, int faceCropSize, float jpegQuality, float trackMinIou, long trackMaxGapUs) {
    public static final StageConfig DEFAULT = new StageConfig(io.fer.workers.face.FaceAligner.CROP_MARGIN, 256, 0.9f, 0.3f, 1_000_000);
}
