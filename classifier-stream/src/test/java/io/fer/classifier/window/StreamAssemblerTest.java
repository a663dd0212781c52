package io.fer.classifier.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Window assembly's rules without Flink; {@code WindowAssemblerTest} checks their Flink host (state, timers, restore). */
class StreamAssemblerTest {
    private static final long FRAME_US = 40_000;
    private static final ModalityLayout LAYOUT = new ModalityLayout(List.of("expression", "pose"), List.of(2, 1));
    /** idle 200 ms = 5 frames; a silent modality is given up after 1 s */
    private static final AssemblyTiming TIMING =
            new AssemblyTiming(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofHours(1));
    private final AssemblyDriver driver = driver();

    private static AssemblyDriver driver() {
        return new AssemblyDriver(LAYOUT, new WindowPlan(4, 2), TIMING);
    }

    private static Embedding vector(int track, long i, String modality, float... v) {
        return new Embedding("s", track, i, i * FRAME_US, modality, v, false, 0);
    }

    private static Embedding progress(long i, String modality) {
        return Embedding.progressMarker("s", i, i * FRAME_US, modality);
    }

    private static Embedding end(String modality) {
        return new Embedding("s", -1, -1, 0, modality, new float[0], true, 0);
    }

    private List<FeatureWindow> windows() {
        return driver.emitted;
    }

    private static String describe(FeatureWindow w) {
        return w.trackId + (w.endOfTrack ? " end " + w.tracksInStream : " " + w.firstFrameIndex);
    }

    @Test
    void aWindowIsEmittedOnceEveryModalityHasDeliveredItsLastFrame() {
        for (int i = 0; i < 6; i++) {
            driver.send(vector(0, i, "expression", i, -i));
        }
        driver.send(progress(5, "expression"));
        assertThat(windows()).as("pose has delivered nothing yet").isEmpty();

        driver.send(vector(0, 1, "pose", 7), progress(3, "pose"));
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);
        FeatureWindow w = windows().get(0);
        assertThat(w.startUs).isZero();
        assertThat(w.endUs).isEqualTo(3 * FRAME_US);
        assertThat(w.framesPerSecond).as("frames 0..3 over three frame periods").isCloseTo(1e6f / FRAME_US, within(1e-3f));
        // frame 1 has both modalities; the others have no pose vector: masked
        assertThat(w.mask).containsExactly(1f, 0f, 1f, 1f, 1f, 0f, 1f, 0f);
        assertThat(w.features).containsExactly(0f, 0f, 0f, 1f, -1f, 7f, 2f, -2f, 0f, 3f, -3f, 0f);
        assertThat(w.modalitiesPresent).containsExactly("expression", "pose");

        driver.send(progress(5, "pose"));
        assertThat(windows()).extracting(x -> x.firstFrameIndex).containsExactly(0L, 2L);
        assertThat(driver.assembler.gauges().openTracks()).isEqualTo(1);
        assertThat(driver.assembler.gauges().bufferedFrames()).as("frames 2..5 kept for the next window").isEqualTo(4);
    }

    @Test
    void theWindowsAreTheSameHoweverTheModalitiesInterleave() {
        List<Embedding> expression = new ArrayList<>();
        List<Embedding> pose = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (int track = 0; track < 3; track++) {
                if (track == 0 || (track == 1 && i < 12) || (track == 2 && i >= 20)) {
                    expression.add(vector(track, i, "expression", i, track));
                    if (i % 7 != 3) {
                        pose.add(vector(track, i, "pose", -i));
                    }
                }
            }
            if (i % 4 == 3) {
                expression.add(progress(i, "expression"));
            }
            if (i % 5 == 4) {
                pose.add(progress(i, "pose"));
            }
        }
        expression.add(end("expression"));
        pose.add(progress(39, "pose"));
        pose.add(end("pose"));

        List<String> reference = null;
        Random random = new Random(11);
        for (int run = 0; run < 20; run++) {
            AssemblyDriver d = driver();
            int a = 0;
            int b = 0;
            while (a < expression.size() || b < pose.size()) {
                boolean takeExpression = b >= pose.size() || (a < expression.size() && random.nextInt(run % 3 + 2) < 1 + run % 2);
                d.send(takeExpression ? expression.get(a++) : pose.get(b++));
            }
            List<String> got = d.emitted.stream().map(w -> describe(w) + " " + Arrays.toString(w.features))
                    .sorted().toList();
            assertThat(d.state("s").entries()).as("the stream ended: no state left").isZero();
            assertThat(d.assembler.gauges().openTracks()).isZero();
            assertThat(d.assembler.gauges().bufferedFrames()).isZero();
            if (reference == null) {
                reference = got;
                assertThat(got).anyMatch(s -> s.startsWith("1 end")).anyMatch(s -> s.startsWith("2 20 "))
                        .anyMatch(s -> s.startsWith("-1 end 3"));
            } else {
                assertThat(got).as("run " + run).isEqualTo(reference);
            }
        }
    }

    @Test
    void aTrackWithoutFramesForTheIdleTimeEndsWithItsTailWindow() {
        for (int i = 0; i < 7; i++) {
            driver.send(vector(0, i, "expression", 1, 1), vector(0, i, "pose", 1));
        }
        driver.send(progress(6, "expression"), progress(6, "pose"));
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L, 2L);

        // the stream goes on without the face: 5 frames (200 ms) later it is not yet idle, 6 frames later it is
        driver.send(progress(11, "expression"), progress(11, "pose"));
        assertThat(windows()).hasSize(2);
        driver.send(progress(12, "expression"), progress(12, "pose"));
        assertThat(windows()).extracting(StreamAssemblerTest::describe).containsExactly("0 0", "0 2", "0 3", "0 end 0");
        assertThat(windows().get(2).mask).as("the tail's frames are all still there").containsOnly(1f);
        assertThat(driver.assembler.gauges().openTracks()).isZero();
        assertThat(driver.assembler.gauges().bufferedFrames()).isZero();
    }

    @Test
    void aTrackBackAfterALongGapStartsANewSegment() {
        for (int i : new int[] {0, 1, 2, 3, 10, 11, 12, 13}) {
            driver.send(vector(0, i, "expression", 1, 1), vector(0, i, "pose", 1));
        }
        driver.send(end("expression"), end("pose"));
        assertThat(windows()).extracting(StreamAssemblerTest::describe)
                .containsExactly("0 0", "0 end 0", "0 10", "0 end 0", "-1 end 2");
    }

    /** Frame i of a live stream keeping one frame in k: captured k source frames after the one before. */
    private static Embedding shedVector(int track, long i, int k, String modality, float... v) {
        Embedding e = new Embedding("s", track, i, i * k * FRAME_US, modality, v, false, 0);
        e.keepEvery = k;
        return e;
    }

    private static Embedding shedProgress(long i, int k, String modality) {
        Embedding e = Embedding.progressMarker("s", i, i * k * FRAME_US, modality);
        e.keepEvery = k;
        return e;
    }

    @Test
    void aSheddingStreamsTrackMissesAsManyKeptFramesBeforeItEndsAsOneOfAStreamThatShedsNothing() {
        // one frame in 4 kept: 160 ms apart, so the idle time (200 ms, 5 source frames) is 800 ms of capture time
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 7, 8}) {
            driver.send(shedVector(0, i, 4, "expression", 1, 1), shedVector(0, i, 4, "pose", 1));
        }
        driver.send(shedProgress(8, 4, "expression"), shedProgress(8, 4, "pose"));
        assertThat(windows()).as("one missing kept frame (320 ms between frames 3 and 5) does not end the track")
                .extracting(StreamAssemblerTest::describe).containsExactly("0 0", "0 2", "0 4");

        // the face leaves: 5 kept frames later (800 ms) the track is not yet idle, 6 later (960 ms) it ends
        driver.send(shedProgress(13, 4, "expression"), shedProgress(13, 4, "pose"));
        assertThat(windows()).hasSize(3);
        driver.send(shedProgress(14, 4, "expression"), shedProgress(14, 4, "pose"));
        assertThat(windows()).extracting(StreamAssemblerTest::describe).containsExactly("0 0", "0 2", "0 4", "0 5", "0 end 0");
        assertThat(driver.assembler.gauges().bufferedFrames()).isZero();
    }

    @Test
    void aGapLongerThanTheScaledIdleTimeStillSplitsASheddingStreamsTrack() {
        for (int i : new int[] {0, 1, 2, 3, 10, 11, 12, 13}) {
            driver.send(shedVector(0, i, 4, "expression", 1, 1), shedVector(0, i, 4, "pose", 1));
        }
        driver.send(end("expression"), end("pose"));
        assertThat(windows()).as("6 kept frames missing (1,120 ms > 800 ms)").extracting(StreamAssemblerTest::describe)
                .containsExactly("0 0", "0 end 0", "0 10", "0 end 0", "-1 end 2");
    }

    @Test
    void aSilentModalityIsMaskedAfterTheTimeoutOnlyAndAwaitedAgainWhenItReports() {
        for (int i = 0; i < 4; i++) {
            driver.clock(i * 300L);
            driver.send(vector(0, i, "expression", 1, 1), progress(i, "expression"));
        }
        driver.clock(999);
        assertThat(windows()).as("awaited until the timeout").isEmpty();
        driver.clock(1000);
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);
        assertThat(windows().get(0).modalitiesPresent).containsExactly("expression");
        assertThat(driver.timeouts).as("one open track masked").isEqualTo(1);

        driver.send(vector(0, 1, "pose", 3));
        assertThat(driver.lateVectors).as("pose for a frame emitted without it").isEqualTo(1);

        // pose comes back: awaited again from now on
        driver.send(vector(0, 4, "expression", 1, 1), vector(0, 5, "expression", 1, 1), progress(5, "expression"));
        assertThat(windows()).hasSize(2);
        driver.send(vector(0, 6, "pose", 2), progress(6, "pose"));
        driver.send(vector(0, 6, "expression", 1, 1), vector(0, 7, "expression", 1, 1), progress(7, "expression"));
        assertThat(windows()).as("frame 7 waits for pose again").hasSize(2);
        driver.send(progress(7, "pose"));
        assertThat(windows()).hasSize(3);
        assertThat(windows().get(2).mask).containsExactly(1f, 0f, 1f, 0f, 1f, 1f, 1f, 0f);
    }

    /**
     * Expression is done with "s" (one window's frames) and with another stream, "busy", so only pose can lag in
     * either: as under load, when the fast stages finish streams the slow one has not reached yet.
     */
    private void expressionDoneWithBothStreams() {
        for (int i = 0; i < 4; i++) {
            driver.send(vector(0, i, "expression", 1, 1));
        }
        driver.send(progress(3, "expression"), end("expression"));
        driver.send(Embedding.progressMarker("busy", 1000, 1000 * FRAME_US, "expression"),
                new Embedding("busy", -1, -1, 0, "expression", new float[0], true, 0));
    }

    @Test
    void aModalityBehindOnOneStreamIsNotMaskedWhileItsStageIsHeardOnAnother() {
        expressionDoneWithBothStreams();
        for (long t = 300; t <= 5000; t += 300) {
            driver.clock(t);
            driver.send(Embedding.progressMarker("busy", t / 300, t * 1000, "pose")); // pose works through "busy"
        }
        assertThat(driver.timeouts).as("pose is behind, not down").isZero();
        assertThat(windows()).isEmpty();

        // pose reaches "s": its window carries pose
        driver.send(vector(0, 0, "pose", 1), vector(0, 1, "pose", 1), vector(0, 2, "pose", 1), vector(0, 3, "pose", 1),
                progress(3, "pose"));
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);
        assertThat(windows().get(0).mask).containsOnly(1f);
        assertThat(driver.timeouts).isZero();
    }

    @Test
    void aModalityHeardNowhereIsMaskedATimeoutAfterItsLastRecordForAnyStream() {
        expressionDoneWithBothStreams();
        driver.clock(600);
        driver.send(Embedding.progressMarker("busy", 1, 40_000, "pose")); // pose's stage dies after this record
        driver.clock(1000);
        assertThat(driver.timeouts).as("silent for \"s\" for the timeout, but heard 400 ms ago").isZero();
        driver.clock(2000);
        assertThat(driver.timeouts).as("silent everywhere for the timeout (looked at every second): given up in both streams")
                .isEqualTo(2);
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);
        assertThat(windows().get(0).modalitiesPresent).containsExactly("expression");
    }

    @Test
    void nothingIsMaskedWhileEveryModalityIsSilentAsWhenTheWorkerHostingThemRestarts() {
        for (int i = 0; i < 6; i++) {
            driver.send(vector(0, i, "expression", 1, 1));
        }
        for (int i = 0; i < 4; i++) {
            driver.send(vector(0, i, "pose", 1));
        }
        driver.send(progress(5, "expression"), progress(3, "pose"));
        assertThat(windows()).hasSize(1);
        driver.clock(5000);
        assertThat(windows()).as("no mask: nobody moved on").hasSize(1);
        assertThat(driver.timeouts).isZero();
        assertThat(driver.pendingTimers()).as("it looks again every second").isEqualTo(1);
        driver.clock(5200);
        driver.send(vector(0, 4, "pose", 1), vector(0, 5, "pose", 1), progress(5, "pose"));
        assertThat(windows()).hasSize(2);
        assertThat(windows().get(1).mask).containsOnly(1f);
    }

    @Test
    void streamsAreIndependentAndAShortTrackStillGetsOneWindow() {
        driver.send(vector(0, 0, "expression", 1, 1), vector(0, 1, "expression", 1, 1));
        // another stream far ahead in time does not close anything in "s"
        driver.send(Embedding.progressMarker("live", 1_000_000, Long.MAX_VALUE / 8, "expression"),
                Embedding.progressMarker("live", 1_000_000, Long.MAX_VALUE / 8, "pose"));
        assertThat(windows()).isEmpty();
        driver.send(end("expression"), end("pose"));
        assertThat(windows()).extracting(StreamAssemblerTest::describe).containsExactly("0 0", "0 end 0", "-1 end 1");
        assertThat(windows().get(0).mask).containsExactly(1f, 0f, 1f, 0f, 0f, 0f, 0f, 0f);
        assertThat(driver.state("s").entries()).isZero();
        assertThat(driver.state("live").entries()).as("the other stream is still open").isPositive();
    }

    @Test
    void anEndMarkerOfAModalityTheModelDoesNotReadEndsTheStream() {
        driver.send(vector(0, 0, "expression", 1, 1), vector(0, 0, "pose", 1), progress(0, "expression"));
        driver.send(end("faces"));
        assertThat(windows()).extracting(StreamAssemblerTest::describe).containsExactly("0 0", "0 end 0", "-1 end 1");
    }

    @Test
    void aRestartedSourceClosesTheRunBeforeAndStartsANewOneInsteadOfDroppingItsFrames() {
        for (int i = 0; i < 10; i++) {
            driver.send(vector(0, i, "expression", 1, 1));
            if (i < 8) {
                driver.send(vector(0, i, "pose", 1));
            }
        }
        driver.send(progress(9, "expression"), progress(7, "pose"));
        assertThat(windows()).extracting(StreamAssemblerTest::describe).containsExactly("0 0", "0 2", "0 4");

        // the source restarts: frame indices from 0 again; expression shows it first, pose still has frames 8, 9 to send
        driver.send(vector(0, 0, "expression", 5, 5), vector(0, 1, "expression", 5, 5));
        assertThat(windows().subList(3, windows().size())).extracting(StreamAssemblerTest::describe)
                .as("the run before ends: its last windows, its track's marker, the stream's marker")
                .containsExactly("0 6", "0 end 0", "-1 end 1");
        int closed = windows().size();
        driver.send(vector(0, 8, "pose", 1), vector(0, 9, "pose", 1)); // pose's last vectors of the run before
        assertThat(windows()).hasSize(closed);
        assertThat(driver.staleVectors).isEqualTo(2);
        driver.send(vector(0, 2, "expression", 5, 5), vector(0, 3, "expression", 5, 5), progress(3, "expression"));
        driver.send(vector(0, 0, "pose", 2), vector(0, 1, "pose", 2), vector(0, 2, "pose", 2), vector(0, 3, "pose", 2),
                progress(3, "pose"));
        FeatureWindow first = windows().get(windows().size() - 1);
        assertThat(first.firstFrameIndex).isZero();
        assertThat(first.mask).containsOnly(1f);
        assertThat(first.features[0]).isEqualTo(5f);
        assertThat(driver.assembler.gauges().openTracks()).as("the new run's track").isEqualTo(1);
    }

    @Test
    void aStreamAlreadyHeldWhenTheAssemblerStartsJoinsTheGaugesOnce() {
        for (int i = 0; i < 3; i++) {
            driver.send(vector(0, i, "expression", 1, 1), vector(1, i, "expression", 1, 1));
        }
        // a second assembler instance takes the stream's state over, as after a restore or a rescale
        AssemblyDriver restored = driver();
        restored.states.put("s", driver.state("s"));
        restored.send(vector(0, 3, "expression", 1, 1));
        restored.send(vector(1, 3, "expression", 1, 1));
        assertThat(restored.assembler.gauges().openTracks()).isEqualTo(2);
        assertThat(restored.assembler.gauges().bufferedFrames()).isEqualTo(8);
    }
}
