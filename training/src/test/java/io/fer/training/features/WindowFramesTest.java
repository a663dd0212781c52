package io.fer.training.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.model.FeatureWindow;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class WindowFramesTest {
    /** A 4-frame window of 2 modalities (dims 2 and 1) in which only the first frame is present: a still. */
    private static FeatureWindow still() {
        FeatureWindow w = new FeatureWindow();
        w.streamId = "s";
        w.features = new float[] {1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        w.mask = new float[] {1, 1, 0, 0, 0, 0, 0, 0};
        w.modalitiesPresent = new String[] {"a", "b"};
        return w;
    }

    @Test
    void trailingMaskedFramesAreDropped() {
        FeatureWindow t = WindowFrames.trimmed(still(), 2);
        assertThat(t.features).containsExactly(1, 2, 3);
        assertThat(t.mask).containsExactly(1, 1);

        FeatureWindow full = still();
        full.mask[7] = 1; // the last frame present: nothing to trim
        assertThat(WindowFrames.trimmed(full, 2)).isSameAs(full);
        assertThat(WindowFrames.presentFrames(new float[] {0, 0, 0, 0}, 2)).as("at least one frame").isEqualTo(1);
    }

    @Test
    void aCacheMadeForMoreModalitiesIsCutDownToTheWantedOnesInTheirOrder() {
        var cut = FeatureCache.select(Map.of("s", List.of(still())), List.of("a", "b"), List.of(2, 1), List.of("b", "a"));
        FeatureWindow w = cut.get("s").get(0);
        assertThat(w.features).containsExactly(3, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(w.mask).containsExactly(1, 1, 0, 0, 0, 0, 0, 0);

        FeatureWindow only = FeatureCache.select(Map.of("s", List.of(still())), List.of("a", "b"), List.of(2, 1), List.of("b")).get("s").get(0);
        assertThat(only.features).containsExactly(3, 0, 0, 0);
        assertThat(only.mask).containsExactly(1, 0, 0, 0);
        assertThat(only.modalitiesPresent).containsExactly("b");
    }

    @Test
    void cachesOfOtherModalitySetsAreJoinedFrameByFrameIntoTheWantedOrder() {
        FeatureWindow a = still(); // modalities a (2), b (1): frame 0 = 1 2 | 3
        FeatureWindow c = new FeatureWindow(); // modality c (1): frame 0 = 9
        c.streamId = "s";
        c.features = new float[] {9, 0, 0, 0};
        c.mask = new float[] {1, 0, 0, 0};
        c.modalitiesPresent = new String[] {"c"};
        ToIntFunction<String> dim = m -> m.equals("a") ? 2 : 1;
        var joined = FeatureCache.join(List.of(Map.of("s", List.of(a)), Map.of("s", List.of(c))), List.of(List.of("a", "b"), List.of("c")),
                dim, List.of("c", "a", "b"));
        FeatureWindow w = joined.get("s").get(0);
        assertThat(Arrays.copyOf(w.features, 4)).containsExactly(9, 1, 2, 3);
        assertThat(Arrays.copyOf(w.mask, 3)).containsExactly(1, 1, 1);
        assertThat(w.modalitiesPresent).containsExactly("c", "a", "b");

        FeatureWindow shifted = still();
        shifted.firstFrameIndex = 4; // other windows: cannot be joined
        assertThat(FeatureCache.join(List.of(Map.of("s", List.of(shifted)), Map.of("s", List.of(c))), List.of(List.of("a", "b"), List.of("c")),
                dim, List.of("c", "a", "b"))).isNull();
    }
}
