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
        FeatureWindow t = sameWindow(w, Arrays.copyOf(w.features, frames * d), Arrays.copyOf(w.mask, frames * modalities));
        t.modalitiesPresent = w.modalitiesPresent;
        return t;
    }

    /** A window of the same track and frames with other vectors (its modalities present left for the caller). */
    static FeatureWindow sameWindow(FeatureWindow w, float[] features, float[] mask) {
        FeatureWindow c = new FeatureWindow();
        c.streamId = w.streamId;
        c.trackId = w.trackId;
        c.firstFrameIndex = w.firstFrameIndex;
        c.lastFrameIndex = w.lastFrameIndex;
        c.startUs = w.startUs;
        c.endUs = w.endUs;
        c.features = features;
        c.mask = mask;
        c.endOfTrack = w.endOfTrack;
        c.tracksInStream = w.tracksInStream;
        return c;
    }
}
