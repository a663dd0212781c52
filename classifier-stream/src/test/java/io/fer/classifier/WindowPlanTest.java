package io.fer.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.window.WindowPlan;
import org.junit.jupiter.api.Test;

class WindowPlanTest {
    private final WindowPlan plan = new WindowPlan(16, 4);

    @Test
    void completeWindowsSlideByTheStride() {
        assertThat(plan.completeWindows(0, 14)).isEmpty();
        assertThat(plan.completeWindows(0, 15)).containsExactly(0L);
        assertThat(plan.completeWindows(0, 26)).containsExactly(0L, 4L, 8L);
        assertThat(plan.completeWindows(0, 27)).containsExactly(0L, 4L, 8L, 12L);
        assertThat(plan.completeWindows(12, 27)).containsExactly(12L);
    }

    @Test
    void atTheEndOfATrackTheUncoveredFramesGetOneLastWindow() {
        // frames 0..49: windows 0..32 cover up to 47; frames 48, 49 need a window ending at 49
        assertThat(plan.tailWindow(0, 32, 49)).isEqualTo(34L);
        assertThat(plan.tailWindow(0, 32, 47)).isNull();
    }

    @Test
    void aTrackShorterThanAWindowStillGetsOne() {
        assertThat(plan.tailWindow(5, -1, 12)).isEqualTo(5L);
    }
}
