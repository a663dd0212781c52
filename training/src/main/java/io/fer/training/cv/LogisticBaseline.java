package io.fer.training.cv;

import io.fer.schemas.Probabilities;
import io.fer.training.eval.EvalResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The baseline learner: a multinomial logistic regression on each clip's mean feature vector, its L2 strength chosen
 * by an inner subject-grouped cross-validation on the training clips only (the held-out fold never decides it).
 */
public final class LogisticBaseline implements Learner {
    public static final double[] L2 = {1e-4, 1e-3, 1e-2, 1e-1};
    private static final int INNER_FOLDS = 3;

    public static final String NAME = "logistic regression";
    private final List<Double> chosen = new ArrayList<>();
    private final ClipMean mean;
    private final int classes;
    private final long seed;

    public LogisticBaseline(ClipMean mean, int classes, long seed) {
        this.mean = mean;
        this.classes = classes;
        this.seed = seed;
    }

    @Override
    public Map<String, float[][]> fitAndPredict(List<LabelledWindows> train, List<LabelledWindows> heldOut) {
        List<LabelledWindows> usable = train.stream().filter(c -> !c.windows().isEmpty()).toList();
        double l2 = chooseL2(usable);
        LogisticRegression model = fit(usable, l2);
        float[][] out = new float[heldOut.size()][];
        for (int i = 0; i < heldOut.size(); i++) {
            LabelledWindows c = heldOut.get(i);
            out[i] = c.windows().isEmpty() ? null : model.probabilities(mean.of(c.windows()));
        }
        chosen.add(l2);
        return Map.of(NAME, out);
    }

    /** The L2 strength each fit chose, in order. */
    public List<Double> chosenL2() {
        return List.copyOf(chosen);
    }

    double chooseL2(List<LabelledWindows> train) {
        List<List<String>> folds = SubjectFolds.of(train.stream().map(LabelledWindows::group).toList(),
                Math.min(INNER_FOLDS, (int) train.stream().map(LabelledWindows::group).distinct().count()), seed);
        double best = L2[0];
        double bestScore = -1;
        for (double l2 : L2) {
            double recall = 0;
            for (List<String> fold : folds) {
                Set<String> held = new HashSet<>(fold);
                List<LabelledWindows> in = train.stream().filter(c -> !held.contains(c.group())).toList();
                List<LabelledWindows> out = train.stream().filter(c -> held.contains(c.group())).toList();
                LogisticRegression m = fit(in, l2);
                int[] truth = out.stream().mapToInt(LabelledWindows::label).toArray();
                int[] predicted = out.stream().mapToInt(c -> Probabilities.argmax(m.probabilities(mean.of(c.windows())))).toArray();
                recall += EvalResult.of(Collections.nCopies(classes, ""), truth, predicted).uar();
            }
            if (recall > bestScore + 1e-9) {
                bestScore = recall;
                best = l2;
            }
        }
        return best;
    }

    private LogisticRegression fit(List<LabelledWindows> clips, double l2) {
        List<float[]> x = new ArrayList<>();
        clips.forEach(c -> x.add(mean.of(c.windows())));
        return LogisticRegression.fit(x, clips.stream().mapToInt(LabelledWindows::label).toArray(), classes, l2);
    }
}
