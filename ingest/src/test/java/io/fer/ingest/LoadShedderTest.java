package io.fer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The overload policy against a simulated pipeline: a 25 frames/s camera, one server that takes {@code costUs} per
 * kept frame in order, a fixed latency on top, and an event per 4 processed frames whose lag the shedder observes.
 */
class LoadShedderTest {
    private static final long FRAME_US = 40_000;
    private static final long BASE_LATENCY_US = 300_000;
    private static final long STRIDE_FRAMES = 4;

    /** What a run gave after its first {@code warmUpS} seconds. */
    private record Run(double p99LagMs, double shedFraction, int finalKeepEvery) {}

    private static Run simulate(LoadShedder shedder, double seconds, double warmUpS, LongUnaryOperator costAt) {
        ArrayDeque<long[]> pendingEvents = new ArrayDeque<>(); // {capture, readAt}
        long serverFreeAt = 0;
        long processed = 0;
        long frames = 0;
        long shed = 0;
        List<Long> lags = new ArrayList<>();
        for (long t = 0; t < seconds * 1e6; t += FRAME_US) {
            // events due by now are read before the next frame is asked about
            while (!pendingEvents.isEmpty() && pendingEvents.peek()[1] <= t) {
                long[] e = pendingEvents.poll();
                shedder.observe(e[0], e[1]);
                if (e[1] >= warmUpS * 1e6) {
                    lags.add(e[1] - e[0]);
                }
            }
            boolean measured = t >= warmUpS * 1e6;
            frames += measured ? 1 : 0;
            if (!shedder.keep(t)) {
                shed += measured ? 1 : 0;
                continue;
            }
            serverFreeAt = Math.max(serverFreeAt, t) + costAt.applyAsLong(t);
            if (++processed % STRIDE_FRAMES == 0) {
                pendingEvents.add(new long[] {t, serverFreeAt + BASE_LATENCY_US});
            }
        }
        Collections.sort(lags);
        double p99 = lags.isEmpty() ? Double.NaN : lags.get((int) Math.min(lags.size() - 1, Math.ceil(0.99 * lags.size()) - 1)) / 1000.0;
        return new Run(p99, (double) shed / frames, shedder.keepEvery());
    }

    @Test
    void aStreamAtTwiceTheCapacityHoldsTheBoundBySheddingAboutHalf() {
        Run run = simulate(new LoadShedder(Duration.ofSeconds(1)), 300, 60, t -> 2 * FRAME_US);
        // the bound the issue sets: the maximum lag plus one window stride (here 4 kept frames of one in 3)
        assertThat(run.p99LagMs()).as("p99 lag once settled").isLessThanOrEqualTo(1000 + STRIDE_FRAMES * 40 * 3);
        assertThat(run.shedFraction()).isBetween(0.5, 0.7);
    }

    @Test
    void aStreamTheMachineKeepsUpWithSheddsNothing() {
        // it starts cautious and probes down to every frame within seconds
        Run run = simulate(new LoadShedder(Duration.ofSeconds(1)), 120, 20, t -> FRAME_US / 2);
        assertThat(run.shedFraction()).isZero();
        assertThat(run.finalKeepEvery()).isEqualTo(1);
        assertThat(run.p99LagMs()).isLessThan(400);
    }

    @Test
    void whenTheMachineGetsSlowerAndFastAgainTheSheddingFollows() {
        LoadShedder shedder = new LoadShedder(Duration.ofSeconds(1));
        // three times over capacity between 60 s and 180 s, then ample again
        Run run = simulate(shedder, 400, 0, t -> t >= 60e6 && t < 180e6 ? 3 * FRAME_US : FRAME_US / 2);
        assertThat(run.finalKeepEvery()).as("back to every frame once the machine keeps up").isEqualTo(1);
        Run slowPhase = simulate(new LoadShedder(Duration.ofSeconds(1)), 240, 90, t -> 3 * FRAME_US);
        assertThat(slowPhase.p99LagMs()).isLessThanOrEqualTo(1000 + STRIDE_FRAMES * 40 * 3);
        assertThat(slowPhase.shedFraction()).isBetween(0.66, 0.8);
    }

    @Test
    void aStreamStartsCautiousAndItsKeptFramesAreEvenlySpaced() {
        LoadShedder shedder = new LoadShedder(Duration.ofSeconds(1));
        assertThat(shedder.keepEvery()).isEqualTo(LoadShedder.START_KEEP_EVERY);
        List<Boolean> kept = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            kept.add(shedder.keep(i * FRAME_US));
        }
        assertThat(kept).containsExactly(true, false, false, false, true, false, false, false);
    }

    @Test
    void eventsOfFramesKeptBeforeAChangeAreNoEvidence() {
        LoadShedder shedder = new LoadShedder(Duration.ofSeconds(1));
        shedder.keep(0);
        shedder.observe(0, 900_000);
        shedder.observe(600_000, 1_600_000);
        int raised = shedder.keepEvery();
        assertThat(raised).isGreaterThan(LoadShedder.START_KEEP_EVERY);
        shedder.observe(700_000, 3_000_000); // queued before the change: still draining at the old cost
        shedder.observe(1_300_000, 4_000_000);
        assertThat(shedder.keepEvery()).isEqualTo(raised);
    }

    @Test
    void aBoundOfZeroIsRefused() {
        assertThatThrownBy(() -> new LoadShedder(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
