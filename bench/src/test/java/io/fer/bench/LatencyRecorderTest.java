package io.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void latencyRunsFromTheWindowsLastFrameToItsFirstSighting() {
        LatencyRecorder r = hundredFramesReadAt25PerSecond();
        // windows 0-15, 4-19, ... each event 100 + (window number) ms after its last frame
        for (int w = 0; w < 10; w++) {
            long last = w * 4L + 15;
            r.eventRead("s", 0, w * 4L, last, last * 40_000_000L + (100 + w) * 1_000_000L);
            r.eventRead("s", 0, w * 4L, last, last * 40_000_000L + 5_000_000_000L); // seen again later: ignored
        }
        r.eventRead("other", 0, 0, 15, 1);
        assertThat(r.count()).isEqualTo(10);
        assertThat(r.unmatched()).isEqualTo(1);
        assertThat(r.percentile(0.5)).isEqualTo(104.0);
        assertThat(r.percentile(0.99)).isEqualTo(109.0);
        assertThat(r.percentile(0.0)).isEqualTo(100.0);
        assertThat(new LatencyRecorder().percentile(0.5)).isNaN();
    }

    @Test
    void settledFiguresKeepOnlyWindowsEndingAfterTheSettlingTime() {
        LatencyRecorder r = hundredFramesReadAt25PerSecond();
        // the first windows late (a queue at start), the later ones on time
        for (int w = 0; w < 10; w++) {
            long last = w * 8L + 15;
            long latencyMs = w < 3 ? 3_000 : 200;
            r.eventRead("s", 0, w * 8L, last, last * 40_000_000L + latencyMs * 1_000_000L);
        }
        LatencyRecorder settled = r.from(40 * 40_000_000L); // windows ending at frame 40 or later: 47, 55, .., 87
        assertThat(settled.count()).isEqualTo(6);
        assertThat(settled.percentile(1.0)).isEqualTo(200.0);
        assertThat(r.percentile(1.0)).isEqualTo(3_000.0);
    }

    /** Stream "s": frames 0-99 read 40 ms apart. */
    private static LatencyRecorder hundredFramesReadAt25PerSecond() {
        LatencyRecorder r = new LatencyRecorder();
        for (long f = 0; f < 100; f++) {
            r.frameRead("s", f, f * 40_000_000L);
        }
        return r;
    }
}
