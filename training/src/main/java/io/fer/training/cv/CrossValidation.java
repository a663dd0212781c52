package io.fer.training.cv;

import io.fer.schemas.Probabilities;
import io.fer.training.eval.EvalResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Subject-independent k-fold cross-validation of a learner: each fold is held out once while the learner trains on
 * the others; per candidate setting the folds' WAR and UAR, their mean and standard deviation, and the pooled
 * confusion matrix over all held-out clips.
 */
public final class CrossValidation {
    /** The figures of one candidate setting over the folds. */
    public record Outcome(String setting, List<EvalResult> folds, EvalResult pooled) {
        public double meanWar() {
            return folds.stream().mapToDouble(EvalResult::war).average().orElse(Double.NaN);
        }

        public double meanUar() {
            return folds.stream().mapToDouble(EvalResult::uar).average().orElse(Double.NaN);
        }

        public double sdWar() {
            return sd(folds.stream().mapToDouble(EvalResult::war).toArray());
        }

        public double sdUar() {
            return sd(folds.stream().mapToDouble(EvalResult::uar).toArray());
        }

        private static double sd(double[] v) {
            if (v.length < 2) {
                return 0;
            }
            double m = Arrays.stream(v).average().orElse(0);
            return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
        }
    }

    private CrossValidation() {}

    /** Outcomes per setting in the learner's order. */
    public static List<Outcome> run(List<LabelledWindows> clips, List<String> classes, List<List<String>> folds, Learner learner,
            Consumer<String> progress) {
        Map<String, List<EvalResult>> perFold = new LinkedHashMap<>();
        Map<String, List<int[]>> pooled = new LinkedHashMap<>(); // setting -> {truth, predicted} per clip
        for (int f = 0; f < folds.size(); f++) {
            Set<String> held = new HashSet<>(folds.get(f));
            List<LabelledWindows> train = clips.stream().filter(c -> !held.contains(c.group())).toList();
            List<LabelledWindows> test = clips.stream().filter(c -> held.contains(c.group())).toList();
            long start = System.nanoTime();
            Map<String, float[][]> predictions = learner.fitAndPredict(train, test);
            int[] truth = test.stream().mapToInt(LabelledWindows::label).toArray();
            String best = null;
            EvalResult bestResult = null;
            for (Map.Entry<String, float[][]> e : predictions.entrySet()) {
                int[] predicted = new int[test.size()];
                for (int i = 0; i < test.size(); i++) {
                    float[] p = e.getValue()[i];
                    predicted[i] = p == null ? -1 : Probabilities.argmax(p);
                    pooled.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new int[] {truth[i], predicted[i]});
                }
                EvalResult r = EvalResult.of(classes, truth, predicted);
                perFold.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(r);
                if (bestResult == null || r.uar() > bestResult.uar()) {
                    best = e.getKey();
                    bestResult = r;
                }
            }
            progress.accept(String.format("fold %d/%d: %d subjects, %d clips held out; best here %s WAR %.3f UAR %.3f (%.0f s)", f + 1,
                    folds.size(), held.size(), test.size(), best, bestResult == null ? Double.NaN : bestResult.war(),
                    bestResult == null ? Double.NaN : bestResult.uar(), (System.nanoTime() - start) / 1e9));
        }
        List<Outcome> out = new ArrayList<>();
        for (String setting : perFold.keySet()) {
            List<int[]> tp = pooled.get(setting);
            out.add(new Outcome(setting, perFold.get(setting), EvalResult.of(classes, tp.stream().mapToInt(x -> x[0]).toArray(),
                    tp.stream().mapToInt(x -> x[1]).toArray())));
        }
        return out;
    }

    /** The setting with the best mean fold UAR (then WAR). */
    public static Outcome best(List<Outcome> outcomes) {
        Outcome best = null;
        for (Outcome o : outcomes) {
            if (best == null || o.meanUar() > best.meanUar() + 1e-9
                    || (Math.abs(o.meanUar() - best.meanUar()) <= 1e-9 && o.meanWar() > best.meanWar())) {
                best = o;
            }
        }
        return best;
    }
}
