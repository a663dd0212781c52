package io.fer.models.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemporalModelTest {
    @Test
    void windowsWithoutTheirTrailingMaskedFramesArePaddedBackPerWindow() {
        // two windows of 1 frame, width 2, padded to 3 frames
        assertThat(TemporalModel.padded(new float[] {1, 2, 3, 4}, 2, 2, 3)).containsExactly(1, 2, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0);
        float[] full = {1, 2, 3, 4, 5, 6};
        assertThat(TemporalModel.padded(full, 1, 2, 3)).isSameAs(full);
        assertThatThrownBy(() -> TemporalModel.padded(new float[8], 1, 2, 3)).hasMessageContaining("at most 3 frames");
    }
}
