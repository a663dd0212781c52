package io.fer.training.cv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.training.Clip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    private static final List<String> CLASSES = List.of("a", "b");

    @Test
    void foldsPutEverySubjectInExactlyOneFoldOfNearlyEqualSize() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            groups.add("S" + i);
            groups.add("S" + i); // several clips per subject
        }
        List<List<String>> folds = SubjectFolds.of(groups, 5, 7);
        assertThat(folds).hasSize(5);
        assertThat(folds.stream().mapToInt(List::size).max().getAsInt() - folds.stream().mapToInt(List::size).min().getAsInt()).isLessThanOrEqualTo(1);
        Set<String> seen = new HashSet<>();
        folds.forEach(f -> f.forEach(g -> assertThat(seen.add(g)).as(g + " in one fold").isTrue()));
        assertThat(seen).hasSize(23);
        assertThat(SubjectFolds.of(groups, 5, 7)).isEqualTo(folds);
        assertThat(SubjectFolds.of(groups, 5, 8)).isNotEqualTo(folds);
        assertThatThrownBy(() -> SubjectFolds.of(List.of("x", "y"), 3, 1)).hasMessageContaining("at least 3 subjects");
    }

    @Test
    void stratifiedFoldsHoldEachClassShareAndEveryClipOnce() {
        List<LabelledWindows> clips = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clips.add(new LabelledWindows("c" + i, "c" + i, i < 90 ? 0 : 1, List.of())); // 90 of class 0, 10 of class 1
        }
        List<List<String>> folds = StratifiedFolds.of(clips, 5, 3);
        assertThat(folds).hasSize(5);
        Set<String> seen = new HashSet<>();
        for (List<String> fold : folds) {
            fold.forEach(g -> assertThat(seen.add(g)).as(g + " in one fold").isTrue());
            long rare = fold.stream().filter(g -> Integer.parseInt(g.substring(1)) >= 90).count();
            assertThat(rare).as("each fold holds its share of the rare class").isEqualTo(2);
            assertThat(fold).hasSize(20);
        }
        assertThat(seen).hasSize(100);
        assertThat(StratifiedFolds.of(clips, 5, 3)).isEqualTo(folds);
        assertThat(StratifiedFolds.forData(clips, true, 5, 3)).as("person groups: subject folds").isEqualTo(
                SubjectFolds.of(clips.stream().map(LabelledWindows::group).toList(), 5, 3));
    }

    @Test
    void aGivenSplitIsTheOneHeldOutFold() {
        List<LabelledWindows> train = List.of(new LabelledWindows("a", "x", 0, List.of()), new LabelledWindows("b", "y", 1, List.of()));
        List<LabelledWindows> val = List.of(new LabelledWindows("c", "x", 0, List.of()));
        GivenSplit split = GivenSplit.of(train, val);
        assertThat(split.clips()).hasSize(3);
        assertThat(split.folds()).containsExactly(List.of("validation/x"));
        assertThat(split.clips().get(2).group()).as("renamed apart from the training group x").isEqualTo("validation/x");
    }

    @Test
    void aLearnerNeverSeesAHeldOutSubjectAndEveryClipIsScoredOnce() {
        List<LabelledWindows> clips = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            for (int c = 0; c < 3; c++) {
                int label = (s + c) % 2;
                clips.add(new LabelledWindows("S" + s + "_" + c, "S" + s, label, List.of(window(label))));
            }
        }
        clips.add(new LabelledWindows("S3_nofaces", "S3", 1, List.of()));
        List<String> scored = new ArrayList<>();
        // a learner that reads the label off the window's feature, and checks the split
        Learner oracle = (train, heldOut) -> {
            Set<String> trainSubjects = new HashSet<>();
            train.forEach(c -> trainSubjects.add(c.group()));
            heldOut.forEach(c -> assertThat(trainSubjects).doesNotContain(c.group()));
            heldOut.forEach(c -> scored.add(c.id()));
            float[][] p = new float[heldOut.size()][];
            for (int i = 0; i < p.length; i++) {
                List<Clip> w = heldOut.get(i).windows();
                p[i] = w.isEmpty() ? null : new float[] {1 - w.get(0).features()[0], w.get(0).features()[0]};
            }
            float[][] wrong = new float[heldOut.size()][];
            for (int i = 0; i < p.length; i++) {
                wrong[i] = p[i] == null ? null : new float[] {p[i][1], p[i][0]};
            }
            return new LinkedHashMap<>(Map.of("right", p, "wrong", wrong));
        };
        List<CrossValidation.Outcome> out = CrossValidation.run(clips, CLASSES, SubjectFolds.of(clips.stream().map(LabelledWindows::group).toList(), 5, 1),
                oracle, msg -> {});
        assertThat(scored).hasSize(clips.size()).doesNotHaveDuplicates();
        CrossValidation.Outcome right = out.stream().filter(o -> o.setting().equals("right")).findFirst().orElseThrow();
        assertThat(right.folds()).hasSize(5);
        assertThat(right.pooled().clips()).isEqualTo(clips.size());
        // every clip right but the one without windows, which counts as wrong
        assertThat(right.pooled().war()).isEqualTo(30.0 / 31);
        assertThat(CrossValidation.best(out).setting()).isEqualTo("right");
        assertThat(out.stream().filter(o -> o.setting().equals("wrong")).findFirst().orElseThrow().meanWar()).isZero();
    }

    @Test
    void logisticRegressionSeparatesClassesAndTheBaselineChoosesItsPenaltyOnTrainingSubjectsOnly() {
        Random r = new Random(3);
        List<LabelledWindows> clips = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            for (int c = 0; c < 4; c++) {
                int label = c % 2;
                float[] f = new float[16 * 3];
                for (int t = 0; t < 16; t++) {
                    f[t * 3] = label * 2 - 1 + (float) r.nextGaussian() * 0.5f;
                    f[t * 3 + 1] = (float) r.nextGaussian();
                    f[t * 3 + 2] = (float) r.nextGaussian();
                }
                float[] mask = new float[16];
                Arrays.fill(mask, 1f);
                clips.add(new LabelledWindows("S" + s + "_" + c, "S" + s, label, List.of(new Clip(f, mask, new float[2], "S" + s))));
            }
        }
        LogisticBaseline baseline = new LogisticBaseline(new ClipMean(16, new int[] {3}), 2, 1);
        var out = CrossValidation.run(clips, CLASSES, SubjectFolds.of(clips.stream().map(LabelledWindows::group).toList(), 4, 1), baseline, m -> {});
        assertThat(out.get(0).pooled().war()).isGreaterThan(0.95);
        assertThat(baseline.chosenL2()).hasSize(4).allMatch(l2 -> Arrays.stream(LogisticBaseline.L2).anyMatch(x -> x == l2));
    }

    @Test
    void theClipMeanAveragesEachModalityOverTheFramesItIsPresentIn() {
        // 2 frames, modalities of 1 and 2 dimensions; the second modality is missing in frame 1
        float[] features = {1, 10, 20, 3, 99, 99};
        float[] mask = {1, 1, 1, 0};
        float[] mean = new ClipMean(2, new int[] {1, 2}).of(List.of(new Clip(features, mask, new float[1], "g")));
        assertThat(mean).containsExactly(2f, 10f, 20f);
    }

    private static Clip window(int label) {
        return new Clip(new float[] {label}, new float[] {1}, new float[2], "g");
    }
}
