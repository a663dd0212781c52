package io.fer.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.classifier.flink.WindowAssembler;
import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.AssemblyTiming;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink host of window assembly: keyed state (heap and RocksDB) cleared when tracks and streams end, restore after
 * a failure, processing-time timers. The rules themselves are checked without Flink in {@code StreamAssemblerTest}.
 */
class WindowAssemblerTest {
    private static final long FRAME_US = 40_000;
    private static final ModalityLayout LAYOUT = new ModalityLayout(List.of("expression", "pose"), List.of(2, 1));
    /** idle 200 ms = 5 frames; a silent modality is given up after 1 s */
    private static final AssemblyTiming TIMING =
            new AssemblyTiming(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofHours(1));
    private KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> harness() throws Exception {
        return harness(false);
    }

    /** @param rocksDb state in RocksDB (serialised on every access) instead of on the heap */
    private static KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> harness(boolean rocksDb) throws Exception {
        return harness(rocksDb, null);
    }

    /** @param restored a snapshot to start from (as after a failure), or null */
    private static KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> harness(boolean rocksDb,
            OperatorSubtaskState restored) throws Exception {
        var op = new KeyedProcessOperator<>(new WindowAssembler(LAYOUT, new WindowPlan(4, 2), TIMING));
        var h = new KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow>(op, e -> e.streamId, Types.STRING);
        if (rocksDb) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        h.setProcessingTime(0);
        return h;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
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

    private void send(Embedding... es) throws Exception {
        for (Embedding e : es) {
            harness.processElement(new StreamRecord<>(e));
        }
    }

    private List<FeatureWindow> windows() {
        return harness.extractOutputValues();
    }

    @Test
    void aWindowOfShedFramesShowsItsLowerFrameRate() {
        // a 25 frames/s camera keeping one frame in three: 16 frames over 15 spacings of 120 ms
        assertThat(FeatureWindow.framesPerSecond(0, 15, 1_000_000, 1_000_000 + 15 * 120_000))
                .isCloseTo(25f / 3, within(1e-3f));
        assertThat(FeatureWindow.framesPerSecond(4, 4, 0, 0)).as("one frame: no rate").isZero();
    }

    @Test
    void theWindowsAreTheSameHoweverTheModalitiesInterleave() throws Exception {
        // two tracks, one leaves at frame 12 and a third appears at 20; pose misses some frames
        List<Embedding> expression = new ArrayList<>();
        List<Embedding> pose = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (int track = 0; track < 3; track++) {
                boolean present = track == 0 || (track == 1 && i < 12) || (track == 2 && i >= 20);
                if (present) {
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
        Random random = new Random(7);
        for (int run = 0; run < 12; run++) {
            var h = harness(run == 11); // the last run keeps its state in RocksDB
            h.setProcessingTime(0);
            List<FeatureWindow> before = new ArrayList<>();
            int a = 0;
            int b = 0;
            while (a < expression.size() || b < pose.size()) {
                if (run == 10 && a + b == (expression.size() + pose.size()) / 2) {
                    // a failure half-way: the job restarts from its last checkpoint, taken here
                    var snapshot = h.snapshot(1, 1);
                    before.addAll(h.extractOutputValues());
                    h.close();
                    h = harness(false, snapshot);
                }
                // one modality may run far ahead of the other: each keeps its own order
                boolean takeExpression = b >= pose.size() || (a < expression.size() && random.nextInt(run % 3 == 0 ? 2 : 10) < (run % 2 == 0 ? 1 : 8));
                h.processElement(new StreamRecord<>(takeExpression ? expression.get(a++) : pose.get(b++)));
            }
            // per track the order is fixed; between tracks it follows how far the frontier jumped
            before.addAll(h.extractOutputValues());
            List<String> got = before.stream().sorted(Comparator.comparingInt(w -> w.trackId < 0 ? 99 : w.trackId))
                    .map(WindowAssemblerTest::describe).toList();
            if (run != 11) { // RocksDB cannot count its entries
                assertThat(h.numKeyedStateEntries()).as("the stream ended: no state left").isZero();
            }
            h.close();
            if (reference == null) {
                reference = got;
                assertThat(got).anyMatch(s -> s.startsWith("1 end")).anyMatch(s -> s.startsWith("2 20..23"))
                        .last().isEqualTo("-1 end 3");
            } else {
                assertThat(got).as("run " + run).isEqualTo(reference);
            }
        }
    }

    private static String describe(FeatureWindow w) {
        if (w.endOfTrack) {
            return w.trackId + " end " + w.tracksInStream;
        }
        return w.trackId + " " + w.firstFrameIndex + ".." + w.lastFrameIndex + " " + Arrays.toString(w.features) + Arrays.toString(w.mask);
    }

    @Test
    void aTrackWithoutFramesForTheIdleTimeEndsWithItsTailWindowAndFreesItsState() throws Exception {
        for (int i = 0; i < 7; i++) {
            send(vector(0, i, "expression", 1, 1), vector(0, i, "pose", 1));
        }
        send(progress(6, "expression"), progress(6, "pose"));
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L, 2L);

        // the stream goes on without the face: 5 frames (200 ms) later it is not yet idle, 6 frames later it is
        send(progress(11, "expression"), progress(11, "pose"));
        assertThat(windows()).hasSize(2);
        send(progress(12, "expression"), progress(12, "pose"));
        List<FeatureWindow> out = windows();
        assertThat(out).hasSize(4);
        assertThat(out.get(2).firstFrameIndex).as("tail window aligned to the last frame").isEqualTo(3);
        assertThat(out.get(2).mask).as("the tail's frames are all still there").containsOnly(1f);
        assertThat(out.get(3).endOfTrack).isTrue();
        assertThat(out.get(3).trackId).isZero();
        // only the stream's cursor, its modalities' progress and its gauge mark are left in state: no frames, no tracks
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    }

    @Test
    void aSilentModalityIsMaskedAfterTheTimeoutOnlyAndAwaitedAgainWhenItReports() throws Exception {
        // expression keeps delivering, pose says nothing
        for (int i = 0; i < 4; i++) {
            harness.setProcessingTime(i * 300L);
            send(vector(0, i, "expression", 1, 1), progress(i, "expression"));
        }
        harness.setProcessingTime(999);
        assertThat(windows()).as("awaited until the timeout").isEmpty();
        harness.setProcessingTime(1000);
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);
        assertThat(windows().get(0).modalitiesPresent).containsExactly("expression");

        // pose comes back: awaited again from now on
        send(vector(0, 4, "expression", 1, 1), vector(0, 5, "expression", 1, 1), progress(5, "expression"));
        assertThat(windows()).hasSize(2);
        send(vector(0, 6, "pose", 2), progress(6, "pose"));
        send(vector(0, 6, "expression", 1, 1), vector(0, 7, "expression", 1, 1), progress(7, "expression"));
        assertThat(windows()).as("frame 7 waits for pose again").hasSize(2);
        send(progress(7, "pose"));
        assertThat(windows()).hasSize(3);
        assertThat(windows().get(2).mask).containsExactly(1f, 0f, 1f, 0f, 1f, 1f, 1f, 0f);
    }

    @Test
    void livenessTicksKeepALaggingModalityAwaitedWithoutStateOfTheirOwn() throws Exception {
        // expression is done with "s"; pose's records go to streams other subtasks hold, and only its ticks come here
        for (int i = 0; i < 4; i++) {
            send(vector(0, i, "expression", 1, 1));
        }
        send(progress(3, "expression"), end("expression"));
        int entries = harness.numKeyedStateEntries();
        for (long t = 300; t <= 2400; t += 300) {
            harness.setProcessingTime(t);
            send(Embedding.livenessTick("~liveness-0", "pose"));
        }
        assertThat(harness.numKeyedStateEntries()).as("a tick touches no stream's state").isEqualTo(entries);
        harness.setProcessingTime(3000);
        assertThat(windows()).as("pose is heard: awaited").isEmpty();

        // the ticks stop: pose is given up a timeout after the last one (looked at every second)
        harness.setProcessingTime(4000);
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);
        assertThat(windows().get(0).modalitiesPresent).containsExactly("expression");
    }
}
