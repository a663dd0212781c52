package io.fer.classifier.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.AssemblyTiming;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A savepoint taken at parallelism 1 and resumed at 2 (Flink's key-group redistribution, as `flink run -s` with a new
 * parallelism does): every stream's windows are the same as in a run that was never stopped, and the gauges count
 * what each subtask holds.
 */
class WindowAssemblerRescaleTest {
    private static final int MAX_PARALLELISM = 128;
    private static final long FRAME_US = 40_000;
    private static final ModalityLayout LAYOUT = new ModalityLayout(List.of("expression", "pose"), List.of(2, 1));
    private static final AssemblyTiming TIMING =
            new AssemblyTiming(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofHours(1));

    @Test
    void resumingASavepointAtTwiceTheParallelismGivesTheSameWindows() throws Exception {
        List<String> streams = List.of(keyOfSubtask(0), keyOfSubtask(1)); // one stream lands on each new subtask
        List<Embedding> before = new ArrayList<>();
        List<Embedding> after = new ArrayList<>();
        for (String s : streams) {
            for (long i = 0; i < 30; i++) {
                List<Embedding> part = i < 13 ? before : after;
                for (String modality : LAYOUT.names()) {
                    for (int track = 0; track < 2; track++) {
                        part.add(vector(s, track, i, modality));
                    }
                    part.add(Embedding.progressMarker(s, i, i * FRAME_US, modality));
                }
            }
            after.add(end(s, "expression"));
            after.add(end(s, "pose"));
        }

        // never stopped, parallelism 1
        Map<String, List<String>> expected;
        try (var h = harness(1, 0, null)) {
            feed(h, before);
            feed(h, after);
            expected = byStream(h.extractOutputValues());
        }

        // stopped with a savepoint at parallelism 1 after `before`
        OperatorSubtaskState savepoint;
        List<FeatureWindow> emittedBefore;
        long tracksBefore;
        long framesBefore;
        try (var h = harness(1, 0, null)) {
            feed(h, before);
            savepoint = h.snapshot(1, 1);
            emittedBefore = new ArrayList<>(h.extractOutputValues());
            tracksBefore = assembler(h).openTracks();
            framesBefore = assembler(h).bufferedFrames();
        }
        assertThat(tracksBefore).isEqualTo(4);
        assertThat(framesBefore).isPositive();

        // resumed at parallelism 2: each subtask gets the key groups of its stream
        List<FeatureWindow> emitted = new ArrayList<>(emittedBefore);
        long tracksAfterRestore = 0;
        long framesAfterRestore = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(savepoint, MAX_PARALLELISM, 1, 2, subtask);
            try (var h = harness(2, subtask, part)) {
                String mine = streams.get(subtask);
                List<Embedding> rest = after.stream().filter(e -> e.streamId.equals(mine)).toList();
                // the stream's first record counts it in: then the gauges hold exactly what this subtask owns
                feed(h, rest.subList(0, 1));
                tracksAfterRestore += assembler(h).openTracks();
                framesAfterRestore += assembler(h).bufferedFrames();
                feed(h, rest.subList(1, rest.size()));
                emitted.addAll(h.extractOutputValues());
                assertThat(assembler(h).openTracks()).as("subtask %d after its stream ended", subtask).isZero();
                assertThat(assembler(h).bufferedFrames()).as("subtask %d after its stream ended", subtask).isZero();
            }
        }
        assertThat(tracksAfterRestore).isEqualTo(tracksBefore);
        assertThat(framesAfterRestore).isEqualTo(framesBefore + 2); // the first record of each stream after the restore
        assertThat(byStream(emitted)).isEqualTo(expected);
        assertThat(expected.values()).allSatisfy(w -> assertThat(w).hasSizeGreaterThan(10));
    }

    private static String keyOfSubtask(int subtask) {
        for (int i = 0; ; i++) {
            String key = "camera-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, 2) == subtask) {
                return key;
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> harness(int parallelism, int subtask,
            OperatorSubtaskState restored) throws Exception {
        var op = new KeyedProcessOperator<>(new WindowAssembler(LAYOUT, new WindowPlan(4, 2), TIMING));
        var h = new KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow>(op, e -> e.streamId, Types.STRING,
                MAX_PARALLELISM, parallelism, subtask);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        h.setProcessingTime(0);
        return h;
    }

    private static WindowAssembler assembler(KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> h) {
        return (WindowAssembler) ((KeyedProcessOperator<?, ?, ?>) h.getOperator()).getUserFunction();
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> h, List<Embedding> es)
            throws Exception {
        for (Embedding e : es) {
            h.processElement(new StreamRecord<>(e));
        }
    }

    private static Embedding vector(String stream, int track, long i, String modality) {
        float[] v = modality.equals("expression") ? new float[] {track + i, -i} : new float[] {track - i};
        return new Embedding(stream, track, i, i * FRAME_US, modality, v, false, 0);
    }

    private static Embedding end(String stream, String modality) {
        return new Embedding(stream, -1, -1, 0, modality, new float[0], true, 0);
    }

    /** Per stream, its windows and markers in order, as comparable text. */
    private static Map<String, List<String>> byStream(List<FeatureWindow> windows) {
        Map<String, List<String>> out = new TreeMap<>();
        for (FeatureWindow w : windows) {
            out.computeIfAbsent(w.streamId, k -> new ArrayList<>()).add(w.trackId + "/" + w.firstFrameIndex + "-" + w.lastFrameIndex
                    + (w.endOfTrack ? " end " + w.tracksInStream : "") + " " + Arrays.toString(w.features) + " " + Arrays.toString(w.mask));
        }
        return out;
    }
}
