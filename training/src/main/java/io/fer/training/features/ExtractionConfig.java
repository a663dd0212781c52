package io.fer.training.features;

import java.io.Serializable;
import java.util.List;

/**
 * How clips become per-frame modality vectors.
 *
 * @param alignedFaces the frames already are face crops: no detection (as the face stage passes them through)
 * @param minFrames    clips shorter than this are resampled to it (each frame repeated in order), so a 3-frame CK+
 *                     sequence fills one 16-frame window
 * @param maxFrames    frames read per clip at most
 */
public record ExtractionConfig(String modelsDir, List<String> modalities, boolean alignedFaces, int minFrames, int maxFrames)
        implements Serializable {}
