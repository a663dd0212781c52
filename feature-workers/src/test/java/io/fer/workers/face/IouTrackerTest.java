package io.fer.workers.face;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.workers.image.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTrackerTest {

    @Test
    void facesKeepTheirIdsAsTheyMoveAndSwapOrder() {
        IouTracker t = new IouTracker(0.3f, 1_000_000);
        int[] first = t.assign(List.of(new Box(0, 0, 100, 100), new Box(300, 0, 100, 100)), 0);
        int[] second = t.assign(List.of(new Box(305, 5, 100, 100), new Box(8, 3, 100, 100)), 40_000);

        assertThat(first).containsExactly(0, 1);
        assertThat(second).containsExactly(1, 0);
    }

    @Test
    void aFaceGoneLongerThanTheGapGetsANewId() {
        IouTracker t = new IouTracker(0.3f, 1_000_000);
        t.assign(List.of(new Box(0, 0, 100, 100)), 0);
        assertThat(t.assign(List.of(new Box(0, 0, 100, 100)), 500_000)).containsExactly(0);
        assertThat(t.assign(List.of(new Box(0, 0, 100, 100)), 2_000_000)).containsExactly(1);
        assertThat(t.allTrackIds()).containsExactlyInAnyOrder(0, 1);
    }
}
