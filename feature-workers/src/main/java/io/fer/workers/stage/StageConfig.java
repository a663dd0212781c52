package io.fer.workers.stage;

/** Settings of the face stage. */
public record StageConfig(float faceCropMargin, int faceCropSize, float jpegQuality, float trackMinIou, long trackMaxGapUs) {
    public static final StageConfig DEFAULT = new StageConfig(1.1f, 224, 0.9f, 0.3f, 1_000_000);
}
