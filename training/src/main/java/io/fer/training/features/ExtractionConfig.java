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
 * @param track        which face track of a clip with several is the labelled one: "longest" (most frames, then the
 *                     larger face) or "largest" (the largest mean face, then the longer track)
 * @param mirrored     every frame mirrored left to right before the face stage (training augmentation)
 */
public record ExtractionConfig(String modelsDir, List<String> modalities, boolean alignedFaces, int minFrames, int maxFrames,
        String track, boolean mirrored) implements Serializable {
    public static final List<String> TRACK_CHOICES = List.of("longest", "largest");

    public ExtractionConfig(String modelsDir, List<String> modalities, boolean alignedFaces, int minFrames, int maxFrames) {
        this(modelsDir, modalities, alignedFaces, minFrames, maxFrames, "longest");
    }

    public ExtractionConfig(String modelsDir, List<String> modalities, boolean alignedFaces, int minFrames, int maxFrames, String track) {
        this(modelsDir, modalities, alignedFaces, minFrames, maxFrames, track, false);
    }

    public ExtractionConfig {
        if (!TRACK_CHOICES.contains(track)) {
            throw new IllegalArgumentException("track choice '" + track + "': one of " + TRACK_CHOICES);
        }
    }
}
