package io.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.testing.TestModels;
import io.fer.workers.Workers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model-only bound on the four-face sample clip (640 x 480, faces of 60-90 px, so the face stage's small-face
 * search zooms): its same-work figure counts the detector's calls as the face stage makes them, key frames and zoomed
 * regions, not one call per frame and not key frames alone.
 */
class ModelOnlyBoundITCase {

    @Test
    void theSameWorkBoundCountsTheDetectorsCallsAsTheFaceStageMakesThem() throws Exception {
        ModelStore store = TestModels.store();
        ModelOnlyBound.Result bound = ModelOnlyBound.measure(store, SampleClip.ensure(store).toString(), List.of("expression"),
                Workers.DEFAULT_BATCH, 3);

        int keyFrames = (bound.frames() + 2) / 3;
        // the key frames, plus the zoomed regions (the tiles of the periodic scans at least), fewer than every frame
        assertThat(bound.facesAsStagedInputs()).isGreaterThan(keyFrames).isLessThan(bound.frames());
        assertThat(bound.facesAsStagedSeconds()).isPositive().isLessThan(bound.seconds().get(Workers.FACES));
        double everyFrame = bound.faceFramesPerSecond();
        assertThat(bound.faceFramesPerSecondSameWork()).isGreaterThan(everyFrame);
    }
}
