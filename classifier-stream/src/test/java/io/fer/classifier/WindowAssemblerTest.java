package io.fer.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.flink.WindowAssembler;
import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {
    private static final long FRAME_US = 40_000;
    private KeyedOneInputStreamOperatorTestHarness<String, Embedding, FeatureWindow> harness;

    @BeforeEach
    void open() throws Exception {
        var op = new KeyedProcessOperator<>(new WindowAssembler(
                new ModalityLayout(List.of("expression", "pose"), List.of(2, 1)), new WindowPlan(4, 2)));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(op, Embedding::trackKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void frame(long i, String modality, float... v) throws Exception {
        harness.processElement(new StreamRecord<>(new Embedding("s", 0, i, i * FRAME_US, modality, v, false, 0), i * FRAME_US / 1000));
    }

    private List<FeatureWindow> windows() {
        return harness.extractOutputValues();
    }

    @Test
    void windowsAreEmittedOnceTheWatermarkPassesTheirLastFrame() throws Exception {
        for (int i = 0; i < 6; i++) {
            frame(i, "expression", i, -i);
        }
        assertThat(windows()).isEmpty();

        harness.processWatermark(3 * FRAME_US / 1000);
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L);

        harness.processWatermark(5 * FRAME_US / 1000);
        assertThat(windows()).extracting(w -> w.firstFrameIndex).containsExactly(0L, 2L);
        FeatureWindow w = windows().get(1);
        assertThat(w.lastFrameIndex).isEqualTo(5);
        assertThat(w.startUs).isEqualTo(2 * FRAME_US);
        assertThat(w.endUs).isEqualTo(5 * FRAME_US);
        // frame 2 is the window's first: features (2, -2) and no pose, so pose is masked
        assertThat(w.features).startsWith(2f, -2f, 0f, 3f, -3f, 0f);
        assertThat(w.mask).startsWith(1f, 0f, 1f, 0f);
        assertThat(w.modalitiesPresent).containsExactly("expression");
    }

    @Test
    void aMissingModalityInAFrameIsMaskedAndAPresentOneFilledIn() throws Exception {
        for (int i = 0; i < 4; i++) {
            frame(i, "expression", 1, 1);
        }
        frame(1, "pose", 7);
        harness.processWatermark(3 * FRAME_US / 1000);

        FeatureWindow w = windows().get(0);
        assertThat(w.mask).containsExactly(1f, 0f, 1f, 1f, 1f, 0f, 1f, 0f);
        assertThat(w.features[3 + 2]).isEqualTo(7f);
        assertThat(w.modalitiesPresent).containsExactly("expression", "pose");
    }

    @Test
    void endOfTrackFlushesTheTailWindowForwardsTheMarkerAndClearsStateAndTimers() throws Exception {
        for (int i = 0; i < 7; i++) {
            frame(i, "expression", i, i);
        }
        harness.processElement(new StreamRecord<>(new Embedding("s", 0, -1, 6 * FRAME_US, "expression", new float[0], true, 1), 240));
        assertThat(windows()).as("pose has not ended the track yet").isEmpty();
        harness.processElement(new StreamRecord<>(new Embedding("s", 0, -1, 6 * FRAME_US, "pose", new float[0], true, 1), 240));

        // windows 0-3 and 2-5 complete; frame 6 is covered by a last window 3-6
        assertThat(windows()).extracting(x -> x.firstFrameIndex).containsExactly(0L, 2L, 3L, -1L);
        assertThat(windows().get(3).endOfTrack).isTrue();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aTrackShorterThanAWindowStillGetsOneWithTheMissingFramesMasked() throws Exception {
        frame(10, "expression", 1, 1);
        frame(11, "expression", 1, 1);
        harness.processElement(new StreamRecord<>(new Embedding("s", 0, -1, 11 * FRAME_US, "end", new float[0], true, 1), 440));

        FeatureWindow w = windows().get(0);
        assertThat(w.firstFrameIndex).isEqualTo(10);
        assertThat(w.mask).containsExactly(1f, 0f, 1f, 0f, 0f, 0f, 0f, 0f);
    }
}
