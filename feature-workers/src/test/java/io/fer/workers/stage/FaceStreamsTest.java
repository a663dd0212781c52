package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.schemas.Topics;
import io.fer.workers.image.Box;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The face stage's per-stream state: what each round writes to its changelog, and what a restore brings back. */
class FaceStreamsTest {
    private final FaceStreams streams = new FaceStreams(new FaceCropper(StageConfig.DEFAULT), StageConfig.DEFAULT);

    private static void seeFace(FaceStreams.Stream s, float x, long tsUs) {
        s.tracker.assign(List.of(new Box(x, 10, 80, 80)), List.of(new float[] {1, 0, 0}), tsUs);
    }

    @Test
    void eachRoundWritesTheStreamsItChangedOnceToTheirInputPartition() {
        seeFace(streams.batch("a", 2, 0), 10, 0);
        seeFace(streams.batch("b", 5, 0), 10, 0);
        seeFace(streams.batch("a", 2, 1), 14, 40_000);
        List<StageOutput> round = streams.drainChanges();
        assertThat(round).extracting(StageOutput::key).containsExactly("a", "b");
        assertThat(round).extracting(StageOutput::partition).containsExactly(2, 5);
        assertThat(round).allSatisfy(o -> assertThat(o.topic()).isEqualTo(Topics.FACE_STATE));
        assertThat(streams.drainChanges()).as("nothing changed since").isEmpty();
    }

    @Test
    void anEndedStreamLeavesATombstoneAndNoState() {
        FaceStreams.Stream a = streams.batch("a", 0, 0);
        seeFace(a, 10, 0);
        streams.ended(a);
        List<StageOutput> round = streams.drainChanges();
        assertThat(round).singleElement().satisfies(o -> assertThat(o.value()).isNull());
        // the same id again starts from nothing: a fresh tracker hands out id 0 again
        FaceStreams.Stream again = streams.batch("a", 0, 0);
        assertThat(again.tracker.allTrackIds()).isEmpty();
    }

    @Test
    void aRestoredStreamContinuesWithItsTrackIdsAndAForgottenPartitionIsGone() {
        FaceStreams.Stream a = streams.batch("a", 1, 7);
        seeFace(a, 10, 0);
        seeFace(a, 300, 40_000); // far away: a second track
        byte[] record = streams.drainChanges().get(0).value();

        FaceStreams other = new FaceStreams(new FaceCropper(StageConfig.DEFAULT), StageConfig.DEFAULT);
        other.restore(1, Map.of("a", record));
        FaceStreams.Stream restored = other.batch("a", 1, 8);
        assertThat(restored.tracker.allTrackIds()).containsExactlyInAnyOrder(0, 1);
        int[] ids = restored.tracker.assign(List.of(new Box(302, 10, 80, 80)), List.of(new float[] {1, 0, 0}), 80_000);
        assertThat(ids).containsExactly(1);

        other.forget(1);
        assertThat(other.drainChanges()).as("a forgotten partition writes nothing").isEmpty();
        assertThat(other.batch("a", 1, 9).tracker.allTrackIds()).isEmpty();
    }
}
