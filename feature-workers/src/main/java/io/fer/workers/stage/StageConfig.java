package io.fer.workers.stage;

import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.SmallFaceSearch;

/**
 * Settings of the face stage: the published aligned face crop (margin around the face, pixels), tracking, how often
 * the detector runs ({@code detectEvery}: every Nth frame, faces carried over the frames between) and whether the
 * upper-body context crop is published (only context modalities, such as pose, read it).
 */
public record StageConfig(float faceCropMargin, int faceCropSize, float jpegQuality, float trackMinIou, long trackMaxGapUs,
        int detectEvery, boolean contextCrops, SmallFaceSearch smallFaces) {
    /** Detect on every 3rd frame: at 25 fps faces move little in 80 ms, and the detector is most of the stage's cost. */
    public static final int DEFAULT_DETECT_EVERY = 3;

    public static final StageConfig DEFAULT = new StageConfig(FaceAligner.CROP_MARGIN, 256, 0.9f, 0.3f, 1_000_000,
            DEFAULT_DETECT_EVERY, true, SmallFaceSearch.DEFAULT);

    public StageConfig {
        if (detectEvery < 1) {
            throw new IllegalArgumentException("detect every " + detectEvery + " frames: needs at least 1");
        }
    }

    public StageConfig withDetectEvery(int n) {
        return new StageConfig(faceCropMargin, faceCropSize, jpegQuality, trackMinIou, trackMaxGapUs, n, contextCrops, smallFaces);
    }

    public StageConfig withContextCrops(boolean on) {
        return new StageConfig(faceCropMargin, faceCropSize, jpegQuality, trackMinIou, trackMaxGapUs, detectEvery, on, smallFaces);
    }

    /** Faces down to {@code search.minFace()} px, found by a zoomed second pass where the frame needs one. */
    public StageConfig withSmallFaces(SmallFaceSearch search) {
        return new StageConfig(faceCropMargin, faceCropSize, jpegQuality, trackMinIou, trackMaxGapUs, detectEvery, contextCrops, search);
    }
}
