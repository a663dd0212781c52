package io.fer.workers.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaleTest {
    private static final long NOW_US = 1_800_000_000_000_000L;

    @BeforeAll
    static void trustTheRecords() {
        AvroSerde.trustGeneratedClasses(); // copying a record with a builder instantiates it through Avro's class check
    }

    private static Frame capturedAgo(long ms) {
        return Frame.newBuilder().setFrameIndex(0).setTimestampUs(NOW_US - ms * 1000).setWidth(1).setHeight(1)
                .setJpeg(ByteBuffer.wrap(new byte[] {1})).build();
    }

    private static FrameBatch batch(long staleAfterMs, Frame f) {
        return FrameBatch.newBuilder().setStreamId("cam").setBatchSeq(0).setSource("rtsp://cam").setFrames(List.of(f))
                .setStaleAfterMs(staleAfterMs).build();
    }

    @Test
    void aLiveFrameReachedLaterThanItsBoundIsDropped() {
        Frame late = capturedAgo(1_500);
        assertThat(Stale.frame(batch(1_000, late), late, NOW_US)).isTrue();
    }

    @Test
    void aLiveFrameWithinItsBoundIsKept() {
        Frame fresh = capturedAgo(400);
        assertThat(Stale.frame(batch(1_000, fresh), fresh, NOW_US)).isFalse();
    }

    @Test
    void framesWithoutABoundAreNeverDropped() {
        // files: presentation times from 0, hours "old" on the wall clock, and no bound
        Frame file = Frame.newBuilder().setFrameIndex(0).setTimestampUs(40_000).setWidth(1).setHeight(1)
                .setJpeg(ByteBuffer.wrap(new byte[] {1})).build();
        assertThat(Stale.frame(batch(0, file), file, NOW_US)).isFalse();
    }

    @Test
    void aModalityStageSeesTheBoundTheFaceStagePassedOn() {
        FaceFrame late = FaceFrame.newBuilder().setFrameIndex(3).setTimestampUs(NOW_US - 1_200_000).setWidth(1).setHeight(1)
                .setFaces(List.of()).build();
        FaceFrame fresh = FaceFrame.newBuilder(late).setTimestampUs(NOW_US - 300_000).build();
        FaceBatch live = FaceBatch.newBuilder().setStreamId("cam").setBatchSeq(0).setFrames(List.of(late, fresh)).setStaleAfterMs(1_000).build();
        FaceBatch file = FaceBatch.newBuilder(live).setStaleAfterMs(0).build();
        assertThat(Stale.frame(live, late, NOW_US)).isTrue();
        assertThat(Stale.frame(live, fresh, NOW_US)).isFalse();
        assertThat(Stale.frame(file, late, NOW_US)).isFalse();
    }
}
