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

    @Test
    void onAStreamThatShedsFramesTheGapGrowsWithTheFramesShed() {
        // one frame kept in 16 at 25 fps and a key frame every 3rd kept frame: key frames 1.92 s apart
        IouTracker t = new IouTracker(0.3f, 1_000_000);
        t.assign(List.of(new Box(0, 0, 100, 100)), null, 0, 16);
        assertThat(t.assign(List.of(new Box(6, 2, 100, 100)), null, 1_920_000, 16)).containsExactly(0);
        assertThat(t.assign(List.of(new Box(9, 4, 100, 100)), null, 3_840_000, 16)).containsExactly(0);
        // gone for longer than 16 gaps: a new id, as on a stream that sheds nothing after 1 s
        assertThat(t.assign(List.of(new Box(9, 4, 100, 100)), null, 21_000_000, 16)).containsExactly(1);
        // the same key frames without shedding: every face gets a new id
        IouTracker unshed = new IouTracker(0.3f, 1_000_000);
        unshed.assign(List.of(new Box(0, 0, 100, 100)), null, 0, 1);
        assertThat(unshed.assign(List.of(new Box(6, 2, 100, 100)), null, 1_920_000, 1)).containsExactly(1);
    }
}
