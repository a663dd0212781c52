package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBatcherTest {

    private static Frame frame(long i, int bytes) {
        return Frame.newBuilder().setFrameIndex(i).setTimestampUs(i * 40_000).setWidth(1).setHeight(1)
                .setJpeg(ByteBuffer.wrap(new byte[bytes])).build();
    }

    @Test
    void batchesCloseAtTheFrameCountAndNumberConsecutively() {
        FrameBatcher b = new FrameBatcher("s", "src", false, 3, 10_000);
        List<FrameBatch> out = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            b.add(frame(i, 100)).ifPresent(out::add);
        }
        out.add(b.finish(null));

        assertThat(out).extracting(FrameBatch::getBatchSeq).containsExactly(0L, 1L, 2L);
        assertThat(out).extracting(x -> x.getFrames().size()).containsExactly(3, 3, 1);
        assertThat(out).extracting(FrameBatch::getEndOfStream).containsExactly(false, false, true);
        assertThat(out.stream().flatMap(x -> x.getFrames().stream()).map(Frame::getFrameIndex))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void batchesNeverExceedTheByteBound() {
        FrameBatcher b = new FrameBatcher("s", "src", false, 100, 2_500);
        List<FrameBatch> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            b.add(frame(i, 1_000)).ifPresent(out::add);
        }
        out.add(b.finish(null));

        assertThat(out).allSatisfy(x -> assertThat(x.getFrames().stream().mapToInt(f -> f.getJpeg().remaining()).sum())
                .isLessThanOrEqualTo(2_500));
        assertThat(out.stream().mapToInt(x -> x.getFrames().size()).sum()).isEqualTo(10);
    }

    @Test
    void aFrameLargerThanABatchIsRefusedWithAReason() {
        FrameBatcher b = new FrameBatcher("s", "src", false, 10, 2_000);
        assertThatThrownBy(() -> b.add(frame(0, 3_000))).hasMessageContaining("over the batch limit");
    }

    @Test
    void theEndBatchCarriesTheSourceError() {
        FrameBatcher b = new FrameBatcher("s", "src", false, 10, 2_000);
        b.add(frame(0, 10));
        FrameBatch last = b.finish("decoding failed");
        assertThat(last.getEndOfStream()).isTrue();
        assertThat(last.getError()).isEqualTo("decoding failed");
        assertThat(last.getFrames()).hasSize(1);
    }

    @Test
    void aSheddingLiveStreamsBatchesCarryTheirBound() {
        FrameBatcher live = new FrameBatcher("cam", "rtsp://cam", false, 1, 10_000, 1_000);
        FrameBatcher file = new FrameBatcher("f", "f.mp4", false, 1, 10_000);
        assertThat(live.finish(null).getStaleAfterMs()).isEqualTo(1_000);
        assertThat(file.finish(null).getStaleAfterMs()).isZero();
    }
}
