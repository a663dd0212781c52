package io.fer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.classifier.flink.BatchedTransformer;
import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FeatureWindow;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.models.temporal.TemporalModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier's batching operator on a small trained model: batches across tracks, keeps order, clears state. */
class BatchedTransformerTest {
    private static final int T = 4;
    private static final int D = 3;
    @TempDir static Path modelDir;

    @BeforeAll
    static void trainTinyModel() {
        Random r = new Random(1);
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            float[] f = new float[T * D];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) r.nextGaussian();
            }
            f[i % 2] += 2;
            float[] target = new float[2];
            target[i % 2] = 1;
            clips.add(new Clip(f, new float[] {1, 1, 1, 1}, target, "g" + i));
        }
        List<Modality> mods = List.of(new Modality("m", D));
        new TransformerTrainer(msg -> {}).train(clips, List.of(), new TransformerSpec(mods, T, 2, 8, 2, 1, 16),
                new TrainConfig(3, 16, 1e-3f, 1, 0f), new ModelMetadata("tiny", List.of("a", "b"), mods, T, 2, Map.of(), Map.of()),
                modelDir);
    }

    private static FeatureWindow window(String stream, int track, float seed) {
        FeatureWindow w = new FeatureWindow();
        w.streamId = stream;
        w.trackId = track;
        w.features = new float[T * D];
        for (int i = 0; i < w.features.length; i++) {
            w.features[i] = seed * (i % 5 - 2);
        }
        w.mask = new float[] {1, 1, 1, 1};
        w.modalitiesPresent = new String[] {"m"};
        return w;
    }

    @Test
    void windowsOfSeveralTracksShareOneCallAndKeepTheirOrderAndMarkers() throws Exception {
        var op = new KeyedProcessOperator<>(new BatchedTransformer(modelDir.toString(), 3, 50));
        try (var h = new KeyedOneInputStreamOperatorTestHarness<Integer, FeatureWindow, EmotionResult>(op, w -> 0, Types.INT)) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(window("s", 0, 0.5f), 1));
            h.processElement(new StreamRecord<>(window("s", 1, -1f), 2));
            assertThat(h.extractOutputValues()).as("waits for a full batch or the delay").isEmpty();
            h.processElement(new StreamRecord<>(window("t", 0, 2f), 3));
            List<EmotionResult> out = h.extractOutputValues();
            assertThat(out).extracting(r -> r.streamId + "/" + r.trackId).containsExactly("s/0", "s/1", "t/0");

            try (TemporalModel single = TemporalModel.load(modelDir)) {
                float[] alone = single.predict(window("s", 1, -1f).features, new float[] {1, 1, 1, 1}, 1)[0];
                assertThat(out.get(1).probabilities[0]).isCloseTo(alone[0], within(1e-5f));
                assertThat(out.get(1).label).isEqualTo(alone[0] > alone[1] ? "a" : "b");
            }

            h.processElement(new StreamRecord<>(window("u", 3, 1f), 4));
            FeatureWindow marker = FeatureWindow.endMarker("u", 3, 4, 1);
            h.processElement(new StreamRecord<>(marker, 5));
            h.setProcessingTime(100); // the delay passes: a partial batch goes
            List<EmotionResult> all = h.extractOutputValues();
            assertThat(all).hasSize(5);
            assertThat(all.get(3).endOfTrack).isFalse();
            assertThat(all.get(4).endOfTrack).as("the marker follows its track's last window").isTrue();
            assertThat(all.get(4).probabilities).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
