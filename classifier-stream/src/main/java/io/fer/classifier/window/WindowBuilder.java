package io.fer.classifier.window;

import io.fer.classifier.model.FeatureWindow;
import java.util.LinkedHashSet;
import java.util.Set;

/** One window's tensors from a track's frame slots: frames without the track and modalities without a vector masked. */
final class WindowBuilder {
    private final ModalityLayout layout;
    private final WindowPlan plan;

    WindowBuilder(ModalityLayout layout, WindowPlan plan) {
        this.layout = layout;
        this.plan = plan;
    }

    FeatureWindow window(String streamId, int trackId, long start, StreamState state) {
        int t = plan.frames();
        int d = layout.featureDim();
        int m = layout.size();
        FeatureWindow w = new FeatureWindow();
        w.streamId = streamId;
        w.trackId = trackId;
        w.features = new float[t * d];
        w.mask = new float[t * m];
        w.firstFrameIndex = start;
        w.lastFrameIndex = start + t - 1;
        long startUs = Long.MAX_VALUE;
        long endUs = Long.MIN_VALUE;
        long firstData = -1;
        long lastData = -1;
        Set<String> present = new LinkedHashSet<>();
        for (int i = 0; i < t; i++) {
            FrameSlot f = state.slot(slotKey(trackId, start + i));
            if (f == null) {
                continue; // no face of this track in that frame: masked
            }
            System.arraycopy(f.features, 0, w.features, i * d, d);
            System.arraycopy(f.mask, 0, w.mask, i * m, m);
            for (int j = 0; j < m; j++) {
                if (f.mask[j] > 0) {
                    present.add(layout.names().get(j));
                }
            }
            startUs = Math.min(startUs, f.timestampUs);
            endUs = Math.max(endUs, f.timestampUs);
            firstData = firstData < 0 ? start + i : firstData;
            lastData = start + i;
        }
        w.startUs = startUs == Long.MAX_VALUE ? 0 : startUs;
        w.endUs = endUs == Long.MIN_VALUE ? 0 : endUs;
        w.framesPerSecond = FeatureWindow.framesPerSecond(firstData, lastData, w.startUs, w.endUs);
        w.modalitiesPresent = present.toArray(new String[0]);
        return w;
    }

    /** One state entry per (track, frame): frame indices stay below 2^40, track ids below 2^23. */
    static long slotKey(int trackId, long frameIndex) {
        return ((long) (trackId + 1) << 40) | frameIndex;
    }
}
