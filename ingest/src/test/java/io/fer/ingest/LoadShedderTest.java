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
        return simulate(List.of(shedder), seconds, warmUpS, costAt);
    }

    /** Cameras sharing the one server: at each frame time each camera's frame, in camera order. */
    private static Run simulate(List<LoadShedder> cameras, double seconds, double warmUpS, LongUnaryOperator costAt) {
        List<ArrayDeque<long[]>> pendingEvents = new ArrayList<>(); // per camera {capture, readAt}
        long[] processed = new long[cameras.size()];
        cameras.forEach(c -> pendingEvents.add(new ArrayDeque<>()));
        long serverFreeAt = 0;
        long frames = 0;
        long shed = 0;
        List<Long> lags = new ArrayList<>();
        for (long t = 0; t < seconds * 1e6; t += FRAME_US) {
            boolean measured = t >= warmUpS * 1e6;
            for (int c = 0; c < cameras.size(); c++) {
                LoadShedder shedder = cameras.get(c);
                // events due by now are read before the next frame is asked about
                ArrayDeque<long[]> pending = pendingEvents.get(c);
                while (!pending.isEmpty() && pending.peek()[1] <= t) {
                    long[] e = pending.poll();
                    shedder.observe(e[0], e[1]);
                    if (e[1] >= warmUpS * 1e6) {
                        lags.add(e[1] - e[0]);
                    }
                }
                frames += measured ? 1 : 0;
                if (!shedder.keep(t)) {
                    shed += measured ? 1 : 0;
                    continue;
                }
                serverFreeAt = Math.max(serverFreeAt, t) + costAt.applyAsLong(t);
                if (++processed[c] % STRIDE_FRAMES == 0) {
                    pending.add(new long[] {t, serverFreeAt + BASE_LATENCY_US});
                }
            }
        }
        Collections.sort(lags);
        double p99 = lags.isEmpty() ? Double.NaN : lags.get((int) Math.min(lags.size() - 1, Math.ceil(0.99 * lags.size()) - 1)) / 1000.0;
        return new Run(p99, (double) shed / frames, cameras.get(0).keepEvery());
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
    void camerasSharingAPipelineStartAtTheirShareAndHoldTheBoundFromTheirFirstFrames() {
        // four cameras, each alone twice what the pipeline takes (four four-face cameras on two cores): no warm-up left out
        LongUnaryOperator cost = t -> 2 * FRAME_US;
        List<LoadShedder> shared = new ArrayList<>();
        List<LoadShedder> alone = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shared.add(new LoadShedder(Duration.ofSeconds(1), LoadShedder.startFor(4)));
            alone.add(new LoadShedder(Duration.ofSeconds(1)));
        }
        Run sharedStart = simulate(shared, 120, 0, cost);
        Run ownStart = simulate(alone, 120, 0, cost);
        // the bound of the other runs here, the maximum lag plus a stride of 4 kept frames of one in 3
        assertThat(sharedStart.p99LagMs()).as("p99 lag from the first frame on").isLessThanOrEqualTo(1000 + STRIDE_FRAMES * 40 * 3);
        assertThat(ownStart.p99LagMs()).as("each starting as if alone: the queue of the first seconds")
                .isGreaterThan(1000 + STRIDE_FRAMES * 40 * 3);
    }

    @Test
    void aStartIsRaisedForASiblingOnlyBeforeAnyEvidence() {
        assertThat(LoadShedder.startFor(1)).isEqualTo(LoadShedder.START_KEEP_EVERY);
        assertThat(LoadShedder.startFor(2)).isEqualTo(2 * LoadShedder.START_KEEP_EVERY);
        assertThat(LoadShedder.startFor(100)).isEqualTo(LoadShedder.MAX_KEEP_EVERY);
        LoadShedder fresh = new LoadShedder(Duration.ofSeconds(1));
        fresh.startNoLowerThan(8);
        assertThat(fresh.keepEvery()).isEqualTo(8);
        LoadShedder measured = new LoadShedder(Duration.ofSeconds(1));
        measured.keep(0);
        measured.observe(0, 300_000);
        measured.startNoLowerThan(8);
        assertThat(measured.keepEvery()).as("its own evidence decides now").isEqualTo(LoadShedder.START_KEEP_EVERY);
    }

    @Test
    void aBoundOfZeroIsRefused() {
        assertThatThrownBy(() -> new LoadShedder(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
