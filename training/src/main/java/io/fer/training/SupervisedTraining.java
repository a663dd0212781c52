package io.fer.training;

import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.models.temporal.ModelMetadata;
import io.fer.schemas.Probabilities;
import io.fer.training.cv.CrossValidation;
import io.fer.training.cv.GivenSplit;
import io.fer.training.cv.LabelledWindows;
import io.fer.training.cv.StratifiedFolds;
import io.fer.training.cv.TransformerLearner;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.EvalResult;
import io.fer.training.eval.ModelEvaluation;
import io.fer.training.features.ClipFeatures;
import io.fer.training.features.ExtractionConfig;
import io.fer.training.listen.EpochLog;
import io.fer.training.listen.LastEpoch;
import io.fer.training.listen.TrainingListener;
import io.fer.workers.modality.Modalities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Training on a labelled data set and evaluating on one: features through the Flink BATCH extraction (cached), a
 * validation split by group, the transformer trained with modality dropout, class-balanced loss and early stopping.
 */
public final class SupervisedTraining {
    private final Path modelsDir;
    private final Consumer<String> progress;
    private final String track;
    private final ClipFeatures features;

    public SupervisedTraining(Path modelsDir, Consumer<String> progress) {
        this(modelsDir, progress, "longest");
    }

    /** @param track which face track of a clip is its labelled one (see {@link ExtractionConfig#track()}) */
    public SupervisedTraining(Path modelsDir, Consumer<String> progress, String track) {
        this.modelsDir = modelsDir;
        this.progress = progress;
        this.track = track;
        this.features = new ClipFeatures(modelsDir, progress, track);
    }

    public Map<String, List<FeatureWindow>> features(List<LabelledClip> clips, List<String> modalities, boolean aligned,
            int windowFrames, int stride, int parallelism) throws Exception {
        return features(clips, modalities, aligned, windowFrames, stride, parallelism, false);
    }

    /** @param mirrored the clips' frames mirrored left to right (training augmentation) */
    public Map<String, List<FeatureWindow>> features(List<LabelledClip> clips, List<String> modalities, boolean aligned,
            int windowFrames, int stride, int parallelism, boolean mirrored) throws Exception {
        return features(clips, modalities, aligned, windowFrames, stride, parallelism, mirrored, "");
    }

    /**
     * @param degradation what the clips' frames go through before the face stage ({@link ExtractionConfig#degradation()}):
     *                    a condition of {@code fer eval --conditions} or a training copy's marker
     */
    public Map<String, List<FeatureWindow>> features(List<LabelledClip> clips, List<String> modalities, boolean aligned,
            int windowFrames, int stride, int parallelism, boolean mirrored, String degradation) throws Exception {
        return features.windows(clips, modalities, aligned, windowFrames, stride, parallelism, mirrored, degradation);
    }

    public static ModalityLayout layout(List<String> modalities) {
        return ClipFeatures.layout(modalities);
    }

    public TrainResult train(Dataset ds, String datasetName, TrainingSettings s, Path out) throws Exception {
        return train(ds, null, datasetName, s, out);
    }

    /**
     * @param validation a given validation split (FER2013's public test) on which the settings are chosen, or null: the
     *                   settings are then cross-validated in folds of ds (grouped by person, or stratified by class for
     *                   data without subject ids)
     */
    public TrainResult train(Dataset ds, Dataset validationSplit, String datasetName, TrainingSettings s, Path out) throws Exception {
        Map<String, List<FeatureWindow>> windows = features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism());
        if (validationSplit != null) {
            if (!validationSplit.classes().equals(ds.classes())) {
                throw new IllegalArgumentException("the validation split's classes " + validationSplit.classes() + " differ from the"
                        + " training data's " + ds.classes());
            }
            var valWindows = features(validationSplit.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(),
                    s.parallelism());
            return trainSelected(ds, LabelledWindows.of(validationSplit, valWindows), datasetName, s, windows, out);
        }
        if (s.selection().enabled()) {
            return trainSelected(ds, null, datasetName, s, windows, out);
        }
        List<String> groups = new ArrayList<>(ds.clips().stream().map(LabelledClip::group).distinct().sorted().toList());
        Collections.shuffle(groups, new Random(s.train().seed()));
        Set<String> validation = new HashSet<>(groups.subList(0, (int) Math.round(groups.size() * s.validationShare())));
        List<Clip> train = new ArrayList<>();
        List<Clip> val = new ArrayList<>();
        List<Map<String, List<FeatureWindow>>> copies = augmentedFeatures(ds, s);
        for (LabelledClip c : ds.clips()) {
            float[] target = new float[ds.classes().size()];
            target[ds.classIndex(c.label())] = 1;
            for (FeatureWindow w : windows.getOrDefault(c.id(), List.of())) {
                (validation.contains(c.group()) ? val : train).add(new Clip(w.features, w.mask, target, c.group()));
            }
            if (!validation.contains(c.group())) { // augmented copies train only
                for (Map<String, List<FeatureWindow>> copy : copies) {
                    for (FeatureWindow w : copy.getOrDefault(c.id(), List.of())) {
                        train.add(new Clip(w.features, w.mask, target, c.group()));
                    }
                }
            }
        }
        progress.accept(train.size() + " training and " + val.size() + " validation windows; " + validation.size() + " of "
                + groups.size() + " groups held out for validation");
        List<Modality> mods = modalitiesOf(s);
        TransformerSpec spec = spec(s, mods, ds.classes().size(), s.members());
        Map<String, Object> provenance = TrainingRecord.provenance(ds, datasetName, s, s.train().seed(), track);
        String version = TrainingRecord.version(provenance);
        ModelMetadata md = new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, Map.of());
        TrainResult r = new TransformerTrainer(progress).train(train, val, spec, s.train(), md, out);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation_war", r.validationAccuracy());
        metrics.put("validation_uar", r.validationUar());
        metrics.put("best_epoch", r.bestEpoch());
        new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, metrics).write(out);
        return r;
    }

    /**
     * The training settings chosen on the given validation clips (trained on ds, scored there) or by cross-validation over
     * ds, then the model on all of ds's clips with them.
     */
    private TrainResult trainSelected(Dataset ds, List<LabelledWindows> validation, String datasetName, TrainingSettings s,
            Map<String, List<FeatureWindow>> windows, Path out) {
        long start = System.nanoTime();
        List<LabelledWindows> clips = LabelledWindows.of(ds, windows);
        for (Map<String, List<FeatureWindow>> copy : augmentedFeatures(ds, s)) {
            clips = LabelledWindows.withAugmented(clips, ds, copy);
        }
        long groups = clips.stream().map(LabelledWindows::group).distinct().count();
        List<Modality> mods = modalitiesOf(s);
        TransformerLearner learner = learner(s, mods, ds.classes().size()).withProgress(progress);
        List<LabelledWindows> candidatesSeen = clips;
        List<List<String>> folds;
        if (validation != null) {
            GivenSplit split = GivenSplit.of(clips, validation);
            candidatesSeen = split.clips();
            folds = split.folds();
            progress.accept(String.format("choosing the training settings on the given validation split (%d clips), trained on %d clips:"
                    + " %d candidates at epochs %s", validation.size(), clips.size(), s.selection().candidates().size(),
                    s.selection().checkpoints()));
        } else {
            int k = (int) Math.min(Math.max(2, s.selection().folds()), groups);
            folds = StratifiedFolds.forData(clips, ds.personGroups(), k, s.train().seed());
            progress.accept(String.format("choosing the training settings by %d-fold cross-validation over %d %s (%d clips): %d"
                    + " candidates at epochs %s", k, groups, ds.personGroups() ? "subjects" : "clips in class-stratified folds, NOT grouped"
                    + " by person (the data has no subject ids)", clips.size(), s.selection().candidates().size(), s.selection().checkpoints()));
        }
        List<CrossValidation.Outcome> outcomes = CrossValidation.run(candidatesSeen, ds.classes(), folds, learner, progress);
        for (CrossValidation.Outcome o : outcomes) {
            progress.accept(String.format("  %-100s WAR %.3f ± %.3f  UAR %.3f ± %.3f", o.setting(), o.meanWar(), o.sdWar(), o.meanUar(), o.sdUar()));
        }
        CrossValidation.Outcome best = CrossValidation.best(outcomes);
        TransformerLearner.Choice choice = learner.choice(best.setting());
        StringBuilder foldFigures = new StringBuilder();
        for (int f = 0; f < best.folds().size(); f++) {
            foldFigures.append(String.format(" %d: %.3f/%.3f", f + 1, best.folds().get(f).war(), best.folds().get(f).uar()));
        }
        progress.accept(String.format("chosen: %s; cross-validated WAR %.3f ± %.3f, UAR %.3f ± %.3f; per fold WAR/UAR%s", best.setting(),
                best.meanWar(), best.sdWar(), best.meanUar(), best.sdUar(), foldFigures));

        TrainConfig cfg = choice.train();
        TransformerSpec spec = spec(s, mods, ds.classes().size(), s.members());
        progress.accept("training " + s.members() + " member(s) on all " + clips.size() + " clips for " + cfg.epochs() + " epochs");
        Map<String, Object> provenance = TrainingRecord.provenance(ds, datasetName, s, cfg.seed(), track);
        String version = TrainingRecord.version(provenance);
        provenance.put("training", TrainingRecord.training(cfg, s, spec));
        Map<String, Object> metrics = TrainingRecord.selection(best, outcomes, validation != null, ds.personGroups());
        ModelMetadata md = new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, metrics);
        LastEpoch last = new LastEpoch();
        try (TransformerTrainer.Fitted fitted = new TransformerTrainer(progress).fit(LabelledWindows.trainingWindowsOf(clips), spec, cfg,
                TrainingListener.all(EpochLog.every(10, progress, ""), last))) {
            EvalResult onValidation = null;
            if (validation != null) { // the model itself (all its members) on the given split: the figures metadata.json keeps
                float[][] p = TransformerLearner.perClip(fitted.predict(LabelledWindows.windowsOf(validation)), validation);
                int[] predicted = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    predicted[i] = p[i] == null ? -1 : Probabilities.argmax(p[i]);
                }
                onValidation = EvalResult.of(ds.classes(), validation.stream().mapToInt(LabelledWindows::label).toArray(), predicted);
                metrics.putAll(TrainingRecord.validation(onValidation));
                md = new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, metrics);
            }
            fitted.export(md, out);
            progress.accept(String.format("trained in %.0f s (selection included)", (System.nanoTime() - start) / 1e9));
            return onValidation == null ? new TrainResult(last.loss(), best.meanWar(), cfg.epochs(), best.meanUar(), cfg.epochs())
                    : new TrainResult(last.loss(), onValidation.war(), cfg.epochs(), onValidation.uar(), cfg.epochs());
        }
    }

    /** The training clips' augmented copies: mirrored (if asked) and each degraded copy. */
    List<Map<String, List<FeatureWindow>>> augmentedFeatures(Dataset ds, TrainingSettings s) {
        List<Map<String, List<FeatureWindow>>> out = new ArrayList<>();
        try {
            if (s.mirror()) {
                out.add(features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(), s.parallelism(), true));
            }
            for (int k = 0; k < s.augmentCopies(); k++) {
                out.add(features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(), s.parallelism(), false,
                        ExtractionConfig.augmentCopy(k)));
            }
        } catch (Exception e) {
            throw new IllegalStateException("extracting the augmented training clips failed: " + e.getMessage(), e);
        }
        return out;
    }

    static List<Modality> modalitiesOf(TrainingSettings s) {
        return s.modalities().stream().map(m -> new Modality(m, Modalities.dimension(m))).toList();
    }

    /** The transformer learner of a selection: one candidate per training setting, members 1 (cheaper; same architecture). */
    public static TransformerLearner learner(TrainingSettings s, List<Modality> mods, int classes) {
        int longest = s.selection().checkpoints().stream().mapToInt(Integer::intValue).max().orElse(s.train().epochs());
        List<TransformerLearner.Candidate> candidates = s.selection().candidates().stream()
                .map(c -> new TransformerLearner.Candidate(c.withEpochsAndSeed(longest, c.seed()), spec(s, mods, classes, 1))).toList();
        return new TransformerLearner(candidates, new TreeSet<>(s.selection().checkpoints()));
    }

    public static TransformerSpec spec(TrainingSettings s, List<Modality> mods, int classes, int members) {
        return new TransformerSpec(mods, s.windowFrames(), classes, s.width(), 4, TrainingSettings.LAYERS, 2 * s.width(), members);
    }

    /** Retrains the recipe in each of k subject-independent folds and scores the held-out fold; the baseline likewise. */
    public RecipeValidation.CvReport crossValidate(Dataset ds, TrainingSettings s, int k, long seed, boolean baseline) throws Exception {
        return new RecipeValidation(this, progress).crossValidate(ds, s, k, seed, baseline);
    }

    /** The recipe cross-validated by subject, each fold's model scored under every condition ({@link RecipeValidation}). */
    public List<CrossValidation.Outcome> crossValidateUnder(Dataset ds, TrainingSettings s, int k, long seed, List<String> conditions)
            throws Exception {
        return new RecipeValidation(this, progress).crossValidateUnder(ds, s, k, seed, conditions);
    }

    /** A training recipe trained on ds and scored on a given validation split (one run, the recipe's epochs). */
    public CrossValidation.Outcome holdOut(Dataset ds, Dataset validation, TrainingSettings s) throws Exception {
        return new RecipeValidation(this, progress).holdOut(ds, validation, s);
    }

    /** Per clip: the mean of its windows' probabilities, argmax; against the clip's label. */
    public EvalResult evaluate(Path modelDir, Dataset ds, boolean aligned, int parallelism) throws Exception {
        return evaluate(modelDir, ds, aligned, parallelism, false);
    }

    /**
     * @param sharedClassesOnly leave out (and say so) clips whose label the model has no class for (CK+'s contempt for
     *                          the pipeline's seven), instead of refusing the data set; labels are matched by name or
     *                          common synonym (anger = angry, sadness = sad, ...)
     */
    public EvalResult evaluate(Path modelDir, Dataset ds, boolean aligned, int parallelism, boolean sharedClassesOnly) throws Exception {
        return evaluate(modelDir, ds, aligned, parallelism, sharedClassesOnly, "");
    }

    /** @param degradation what every frame goes through first (a {@link io.fer.workers.image.Degradation} spec; "" none) */
    public EvalResult evaluate(Path modelDir, Dataset ds, boolean aligned, int parallelism, boolean sharedClassesOnly, String degradation)
            throws Exception {
        return new ModelEvaluation(features, progress).evaluate(modelDir, ds, aligned, parallelism, sharedClassesOnly, degradation);
    }
}
