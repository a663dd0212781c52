package io.fer.training.features;

import io.fer.workers.image.Augmentation;
import io.fer.workers.image.Degradation;
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
 * @param degradation  what every frame goes through before the face stage: a {@link Degradation} spec (a condition of
 *                     {@code fer eval --conditions}), or {@link #augmentCopy(int)}'s marker (training copy K: each clip its
 *                     own {@link Augmentation#draw draw}); "" for none
 */
public record ExtractionConfig(String modelsDir, List<String> modalities, boolean alignedFaces, int minFrames, int maxFrames,
        String track, boolean mirrored, String degradation) implements Serializable {
    public static final List<String> TRACK_CHOICES = List.of("longest", "largest");
    private static final String AUGMENT = "augment#";

    public ExtractionConfig(String modelsDir, List<String> modalities, boolean alignedFaces, int minFrames, int maxFrames,
            String track, boolean mirrored) {
        this(modelsDir, modalities, alignedFaces, minFrames, maxFrames, track, mirrored, "");
    }

    /** The degradation marker of training copy {@code copy}: every clip degraded its own way. */
    public static String augmentCopy(int copy) {
        return AUGMENT + copy;
    }

    /** What this clip's frames go through; pre-aligned frames get the condition as the detector's crop would show it. */
    public Degradation degradationOf(String clipId) {
        Degradation d = degradation.startsWith(AUGMENT) ? Augmentation.draw(clipId, Integer.parseInt(degradation.substring(AUGMENT.length())))
                : Degradation.parse(degradation);
        return alignedFaces ? d.forAlignedFrames() : d;
    }

    /** The degradation as a progress line names it. */
    public String describeDegradation() {
        return degradation.startsWith(AUGMENT) ? "degraded copy " + (Integer.parseInt(degradation.substring(AUGMENT.length())) + 1)
                : degradation;
    }

    public ExtractionConfig withDegradation(String spec) {
        return new ExtractionConfig(modelsDir, modalities, alignedFaces, minFrames, maxFrames, track, mirrored, spec);
    }

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
        if (!degradation.startsWith(AUGMENT)) {
            degradation = Degradation.parse(degradation).spec(); // normalised, so equal conditions share a cache
        }
    }
}
