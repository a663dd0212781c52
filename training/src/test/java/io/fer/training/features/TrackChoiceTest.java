package io.fer.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackChoiceTest {
    /** track -> {sum of face areas, frames} */
    private static final Map<Integer, double[]> TRACKS = Map.of(
            0, new double[] {100 * 40, 40},   // long, small face
            1, new double[] {400 * 20, 20},   // short, large face
            2, new double[] {200 * 40, 40});  // as long as 0, larger face

    @Test
    void theLongestTrackIsTheLabelledOneAndTheLargerFaceBreaksATie() {
        assertThat(ClipFeatureFunction.choose(TRACKS, "longest")).isEqualTo(2);
    }

    @Test
    void largestPrefersTheLargestMeanFace() {
        assertThat(ClipFeatureFunction.choose(TRACKS, "largest")).isEqualTo(1);
    }

    @Test
    void noFaceNoTrackAndUnknownChoicesAreRefused() {
        assertThat(ClipFeatureFunction.choose(Map.of(), "longest")).isNull();
        assertThatThrownBy(() -> new ExtractionConfig("", List.of("expression"), false, 16, 512, "loudest"))
                .hasMessageContaining("longest, largest");
    }
}
