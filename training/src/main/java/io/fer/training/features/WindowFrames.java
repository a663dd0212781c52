package io.fer.training.features;

import io.fer.classifier.model.FeatureWindow;
import java.util.Arrays;

/**
 * Windows without their trailing masked frames (TemporalModel.predict pads them back). A clip shorter than the window (a still image: one frame)
 * keeps only the frames it has in the cache and in training batches; the transformer leaves masked frames out of
 * attention and pooling, so a trimmed window scores exactly as its padded form.
 */
public final class WindowFrames {
    private WindowFrames() {}

    /** Frames up to the last one in which any modality is present (at least one). */
    public static int presentFrames(float[] mask, int modalities) {
        for (int f = mask.length / modalities - 1; f > 0; f--) {
            for (int q = 0; q < modalities; q++) {
                if (mask[f * modalities + q] > 0) {
                    return f + 1;
                }
            }
        }
        return 1;
    }

    /** The window itself if nothing trails, else a copy without the trailing masked frames. */
    public static FeatureWindow trimmed(FeatureWindow w, int modalities) {
        int total = w.mask.length / modalities;
        int frames = presentFrames(w.mask, modalities);
        if (frames == total) {
            return w;
        }
        int d = w.features.length / total;
        FeatureWindow t = new FeatureWindow();
        t.streamId = w.streamId;
        t.trackId = w.trackId;
        t.firstFrameIndex = w.firstFrameIndex;
        t.lastFrameIndex = w.lastFrameIndex;
        t.startUs = w.startUs;
        t.endUs = w.endUs;
        t.features = Arrays.copyOf(w.features, frames * d);
        t.mask = Arrays.copyOf(w.mask, frames * modalities);
        t.modalitiesPresent = w.modalitiesPresent;
        t.endOfTrack = w.endOfTrack;
        t.tracksInStream = w.tracksInStream;
        return t;
    }
}
