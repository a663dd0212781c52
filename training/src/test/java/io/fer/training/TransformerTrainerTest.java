package io.fer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.models.temporal.TemporalModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training mechanics on a small problem whose answer is known: the class is written into one feature
 * dimension, in a random half of the frames, the rest masked. Real data is exercised by the default model's build.
 */
class TransformerTrainerTest {
    private static final int T = 6;
    private static final int D = 5;
    private static final int C = 3;

    private static List<Clip> clips(int n, long seed) {
        Random r = new Random(seed);
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % C;
            float[] f = new float[T * D];
            float[] mask = new float[T];
            for (int t = 0; t < T; t++) {
                if (r.nextBoolean() || t == 0) {
                    mask[t] = 1;
                    for (int k = 0; k < D; k++) {
                        f[t * D + k] = (float) r.nextGaussian() * 0.3f;
                    }
                    f[t * D + label] += 1.5f;
                }
            }
            float[] target = new float[C];
            target[label] = 1;
            out.add(new Clip(f, mask, target, "g" + i));
        }
        return out;
    }

    @Test
    void learnsAMaskedTemporalSignalAndTheExportedModelAgreesWithTraining(@TempDir Path dir) {
        List<Modality> mods = List.of(new Modality("m", D));
        TransformerSpec spec = new TransformerSpec(mods, T, C, 16, 2, 1, 32);
        ModelMetadata md = new ModelMetadata("test-1", List.of("a", "b", "c"), mods, T, 2, Map.of("seed", 1), Map.of());
        List<Clip> val = clips(90, 2);

        TrainResult r = new TransformerTrainer(msg -> {}).train(clips(300, 1), val, spec,
                new TrainConfig(25, 32, 3e-3f, 1, 0.1f), md, dir);

        assertThat(r.validationAccuracy()).isGreaterThan(0.9);
        try (TemporalModel model = TemporalModel.load(dir)) {
            assertThat(model.metadata().version()).isEqualTo("test-1");
            float[] f = new float[val.size() * T * D];
            float[] k = new float[val.size() * T];
            for (int i = 0; i < val.size(); i++) {
                System.arraycopy(val.get(i).features(), 0, f, i * T * D, T * D);
                System.arraycopy(val.get(i).mask(), 0, k, i * T, T);
            }
            float[][] p = model.predict(f, k, val.size());
            int correct = 0;
            for (int i = 0; i < val.size(); i++) {
                float sum = 0;
                int best = 0;
                for (int c = 0; c < C; c++) {
                    sum += p[i][c];
                    best = p[i][c] > p[i][best] ? c : best;
                }
                assertThat(sum).isCloseTo(1f, within(1e-4f));
                correct += best == val.get(i).argmaxTarget() ? 1 : 0;
            }
            assertThat((double) correct / val.size()).isCloseTo(r.validationAccuracy(), within(1e-9));
        }
    }

    /**
     * A window without its trailing masked frames (a still: one frame) is scored exactly as its padded form, so stills
     * cost one frame in training and a batch of them runs at their own length.
     */
    @Test
    void trimmedWindowsScoreAsTheirPaddedForm() {
        List<Modality> mods = List.of(new Modality("m", D));
        TransformerSpec spec = new TransformerSpec(mods, T, C, 16, 2, 1, 32, 2);
        List<Clip> padded = new ArrayList<>();
        List<Clip> trimmed = new ArrayList<>();
        Random r = new Random(5);
        for (Clip c : clips(60, 3)) {
            int present = 1 + r.nextInt(T); // frames 0..present-1 kept, the rest masked
            float[] f = c.features().clone();
            float[] k = c.mask().clone();
            for (int t = 0; t < T; t++) {
                k[t] = t < present ? 1 : 0;
                for (int d = 0; d < D && t >= present; d++) {
                    f[t * D + d] = 0;
                }
            }
            padded.add(new Clip(f, k, c.target(), c.group()));
            trimmed.add(new Clip(Arrays.copyOf(f, present * D), Arrays.copyOf(k, present), c.target(), c.group()));
        }
        try (TransformerTrainer.Fitted fitted = new TransformerTrainer(msg -> {}).fit(trimmed, spec, new TrainConfig(3, 16, 3e-3f, 1, 0f),
                e -> true)) {
            float[][] full = fitted.predict(padded);
            float[][] shortened = fitted.predict(trimmed);
            float[][] one = fitted.predict(trimmed.subList(0, 1));
            for (int i = 0; i < padded.size(); i++) {
                for (int c = 0; c < C; c++) {
                    assertThat(shortened[i][c]).as("window %d class %d", i, c).isCloseTo(full[i][c], within(1e-5f));
                }
            }
            for (int c = 0; c < C; c++) {
                assertThat(one[0][c]).isCloseTo(full[0][c], within(1e-5f));
            }
        }
    }
}
