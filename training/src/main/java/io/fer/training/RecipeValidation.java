package io.fer.training;

import io.fer.classifier.model.FeatureWindow;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.schemas.Probabilities;
import io.fer.training.cv.ClipMean;
import io.fer.training.cv.CrossValidation;
import io.fer.training.cv.GivenSplit;
import io.fer.training.cv.LabelledWindows;
import io.fer.training.cv.LogisticBaseline;
import io.fer.training.cv.StratifiedFolds;
import io.fer.training.cv.TransformerLearner;
import io.fer.training.dataset.Dataset;
import io.fer.training.eval.EvalResult;
import io.fer.workers.modality.Modalities;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How well a training recipe does on data it never saw: retrained in subject-independent folds (and scored on each
 * held-out fold, also under camera conditions), or on a given validation split; the logistic baseline in the same folds.
 */
public final class RecipeValidation {
    private final SupervisedTraining training;
    private final Consumer<String> progress;

    RecipeValidation(SupervisedTraining training, Consumer<String> progress) {
        this.training = training;
        this.progress = progress;
    }

    /** Subject-independent k-fold figures of a training recipe, and of the logistic baseline in the same folds. */
    public record CvReport(int folds, long subjects, int clips, String recipe, CrossValidation.Outcome transformer,
            CrossValidation.Outcome baseline, List<Double> baselineL2) {}

    /** Retrains the recipe in each of k subject-independent folds and scores the held-out fold; the baseline likewise. */
    public CvReport crossValidate(Dataset ds, TrainingSettings s, int k, long seed, boolean baseline) throws Exception {
        Map<String, List<FeatureWindow>> windows = training.features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism());
        List<LabelledWindows> clips = LabelledWindows.of(ds, windows);
        long subjects = clips.stream().map(LabelledWindows::group).distinct().count();
        List<List<String>> folds = StratifiedFolds.forData(clips, ds.personGroups(), k, seed);
        if (!ds.personGroups()) {
            progress.accept("the data has no subject ids: folds are stratified by class, NOT grouped by person");
        }
        List<Modality> mods = SupervisedTraining.modalitiesOf(s);
        TransformerLearner.Candidate recipe = new TransformerLearner.Candidate(s.train(), SupervisedTraining.spec(s, mods, ds.classes().size(), s.members()));
        progress.accept(String.format("%d-fold subject-independent cross-validation: %d clips of %d subjects; transformer %s, %d member(s)",
                k, clips.size(), subjects, recipe.describe(s.train().epochs()), s.members()));
        CrossValidation.Outcome transformer = CrossValidation.run(clips, ds.classes(), folds,
                new TransformerLearner(List.of(recipe), Set.of(s.train().epochs())), progress).get(0);
        CrossValidation.Outcome linear = null;
        List<Double> l2 = List.of();
        if (baseline) {
            progress.accept("the baseline in the same folds: multinomial logistic regression on each clip's mean features");
            int[] dims = s.modalities().stream().mapToInt(Modalities::dimension).toArray();
            LogisticBaseline lr = new LogisticBaseline(new ClipMean(s.windowFrames(), dims), ds.classes().size(), seed);
            linear = CrossValidation.run(clips, ds.classes(), folds, lr, progress).get(0);
            l2 = lr.chosenL2();
        }
        return new CvReport(k, subjects, clips.size(), recipe.describe(s.train().epochs()) + ", " + s.members() + " member(s)",
                transformer, linear, l2);
    }

    /**
     * The recipe cross-validated by subject as {@link #crossValidate} does (its augmented copies in the training folds),
     * each fold's model scoring its held-out clips under every condition (a {@link io.fer.workers.image.Degradation}
     * spec each, "clean" for the clips as they are): one outcome per condition, in the same folds and from the same fold
     * models.
     */
    public List<CrossValidation.Outcome> crossValidateUnder(Dataset ds, TrainingSettings s, int k, long seed, List<String> conditions)
            throws Exception {
        List<LabelledWindows> clips = LabelledWindows.of(ds, training.features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism()));
        for (Map<String, List<FeatureWindow>> copy : training.augmentedFeatures(ds, s)) {
            clips = LabelledWindows.withAugmented(clips, ds, copy);
        }
        Map<String, List<LabelledWindows>> under = new LinkedHashMap<>();
        for (String c : conditions) {
            under.put(c, LabelledWindows.of(ds, training.features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(),
                    s.parallelism(), false, c)));
        }
        List<List<String>> folds = StratifiedFolds.forData(clips, ds.personGroups(), k, seed);
        TransformerLearner.Candidate recipe = new TransformerLearner.Candidate(s.train(), SupervisedTraining.spec(s, SupervisedTraining.modalitiesOf(s), ds.classes().size(),
                s.members()));
        TransformerLearner learner = new TransformerLearner(List.of(recipe), Set.of(s.train().epochs()));
        Map<String, List<EvalResult>> perFold = new LinkedHashMap<>();
        Map<String, List<int[]>> pooled = new LinkedHashMap<>();
        for (int f = 0; f < folds.size(); f++) {
            Set<String> held = new HashSet<>(folds.get(f));
            List<LabelledWindows> train = clips.stream().filter(c -> !held.contains(c.group())).toList();
            List<LabelledWindows> test = new ArrayList<>();
            for (List<LabelledWindows> u : under.values()) { // every condition's held-out clips scored by the one fold model
                test.addAll(u.stream().filter(c -> held.contains(c.group())).toList());
            }
            float[][] p = learner.fitAndPredict(train, test).values().iterator().next();
            int next = 0;
            for (Map.Entry<String, List<LabelledWindows>> e : under.entrySet()) {
                List<LabelledWindows> heldOut = e.getValue().stream().filter(c -> held.contains(c.group())).toList();
                int[] truth = heldOut.stream().mapToInt(LabelledWindows::label).toArray();
                int[] predicted = new int[heldOut.size()];
                for (int i = 0; i < heldOut.size(); i++, next++) {
                    predicted[i] = p[next] == null ? -1 : Probabilities.argmax(p[next]);
                    pooled.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(new int[] {truth[i], predicted[i]});
                }
                perFold.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(EvalResult.of(ds.classes(), truth, predicted));
            }
            progress.accept(String.format("fold %d/%d scored under %d conditions", f + 1, folds.size(), conditions.size()));
        }
        List<CrossValidation.Outcome> out = new ArrayList<>();
        for (String c : conditions) {
            List<int[]> tp = pooled.get(c);
            out.add(new CrossValidation.Outcome(c, perFold.get(c), EvalResult.of(ds.classes(), tp.stream().mapToInt(x -> x[0]).toArray(),
                    tp.stream().mapToInt(x -> x[1]).toArray())));
        }
        return out;
    }

    /** A training recipe trained on ds and scored on a given validation split (one run, the recipe's epochs). */
    public CrossValidation.Outcome holdOut(Dataset ds, Dataset validation, TrainingSettings s) throws Exception {
        List<LabelledWindows> train = LabelledWindows.of(ds, training.features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism()));
        List<LabelledWindows> val = LabelledWindows.of(validation, training.features(validation.clips(), s.modalities(), s.alignedFaces(),
                s.windowFrames(), s.stride(), s.parallelism()));
        GivenSplit split = GivenSplit.of(train, val);
        TransformerLearner.Candidate recipe = new TransformerLearner.Candidate(s.train(), SupervisedTraining.spec(s, SupervisedTraining.modalitiesOf(s), ds.classes().size(),
                s.members()));
        return CrossValidation.run(split.clips(), ds.classes(), split.folds(),
                new TransformerLearner(List.of(recipe), Set.of(s.train().epochs())).withProgress(progress), progress).get(0);
    }
}
