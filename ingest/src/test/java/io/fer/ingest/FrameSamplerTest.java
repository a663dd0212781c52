package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    @Test
    void keepsEveryFrameWithoutATarget() {
        FrameSampler s = new FrameSampler(0);
        for (long t = 0; t < 1_000_000; t += 33_333) {
            assertThat(s.keep(t)).isTrue();
        }
    }

    @Test
    void halvesA50FpsSourceTo25() {
        FrameSampler s = new FrameSampler(25);
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            if (s.keep(i * 20_000L)) {
                kept++;
            }
        }
        assertThat(kept).isEqualTo(50);
    }

    @Test
    void aGapInTheSourceDoesNotCauseABurst() {
        FrameSampler s = new FrameSampler(10);
        assertThat(s.keep(0)).isTrue();
        assertThat(s.keep(5_000_000)).isTrue();
        assertThat(s.keep(5_040_000)).isFalse();
        assertThat(s.keep(5_100_000)).isTrue();
    }
}
