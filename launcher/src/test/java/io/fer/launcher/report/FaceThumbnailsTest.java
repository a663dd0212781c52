package io.fer.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaceThumbnailsTest {
    @Test
    void keepsCropsSpreadOverTheWholeTrack() {
        FaceThumbnails t = new FaceThumbnails(4, 500_000);
        // 10 s at 25 fps
        for (int f = 0; f < 250; f++) {
            t.add("s", 1, f, f * 40_000L, new byte[] {(byte) f});
        }
        var kept = t.of("s", 1);
        assertThat(kept).hasSizeBetween(2, 4);
        assertThat(kept.get(0).frameIndex()).isZero();
        assertThat(kept.get(kept.size() - 1).timestampUs()).as("the last crop is from the track's second half").isGreaterThan(5_000_000);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i).timestampUs() - kept.get(i - 1).timestampUs()).isGreaterThanOrEqualTo(500_000);
        }
    }

    @Test
    void aShortTrackKeepsACropPerInterval() {
        FaceThumbnails t = new FaceThumbnails(10, 500_000);
        for (int f = 0; f < 60; f++) {
            t.add("s", 2, f, f * 40_000L, new byte[] {1});
        }
        assertThat(t.of("s", 2)).extracting(FaceThumbnails.Thumbnail::frameIndex).containsExactly(0L, 13L, 26L, 39L, 52L);
        assertThat(t.of("s", 3)).isEmpty();
        assertThat(t.of("other", 2)).isEmpty();
    }
}
