package io.fer.training;

import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.models.temporal.TemporalModel;
import io.fer.schemas.Probabilities;
import io.fer.training.cv.ClipMean;
import io.fer.training.cv.CrossValidation;
import io.fer.training.cv.GivenSplit;
import io.fer.training.cv.LogisticBaseline;
import io.fer.training.cv.LabelledWindows;
import io.fer.training.cv.StratifiedFolds;
import io.fer.training.cv.TransformerLearner;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.EvalResult;
import io.fer.training.eval.LabelNames;
import io.fer.training.features.ExtractionConfig;
import io.fer.training.features.FeatureCache;
import io.fer.training.features.FeatureExtraction;
import io.fer.workers.modality.Modalities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Training on a labelled data set and evaluating on one: features through the Flink BATCH extraction (cached), a
 * validation split by group, the transformer trained with modality dropout, class-balanced loss and early stopping.
 */
public final class SupervisedTraining {
    /**
     * How fer train chooses its settings: subject-grouped k-fold cross-validation over candidate training settings,
     * each scored at checkpoint epochs; the best mean fold UAR (then WAR) wins and the model is trained on all clips.
     */
    public record Selection(int folds, List<TrainConfig> candidates, List<Integer> checkpoints) {
        public static final Selection NONE = new Selection(0, List.of(), List.of());

        public boolean enabled() {
            return folds >= 2;
        }
    }

    /**
     * Settings of a training run.
     *
     * @param mirror train also on every training clip mirrored left to right (features extracted once more, cached);
     *               held-out and validation clips are scored as they are
     * @param width  the transformer's model dimension (its MLP is twice as wide)
     */
    public record Settings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
            TrainConfig train, int parallelism, Selection selection, int members, boolean mirror, int width, int augmentCopies) {
        public Settings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
                TrainConfig train, int parallelism, Selection selection, int members, boolean mirror, int width) {
            this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, mirror, width, 0);
        }

        public Settings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
                TrainConfig train, int parallelism, Selection selection, int members, boolean mirror) {
            this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, mirror, WIDTH);
        }

        public Settings {
            if (augmentCopies < 0) {
                throw new IllegalArgumentException("augmented copies: " + augmentCopies + ", needs 0 or more");
            }
        }

        /**
         * Train also on {@code copies} degraded copies of every training clip (camera conditions drawn per clip and copy,
         * {@link io.fer.workers.image.Augmentation}); held-out and validation clips are scored as they are.
         */
        public Settings withAugmentCopies(int copies) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members,
                    mirror, width, copies);
        }

        public Settings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
                TrainConfig train, int parallelism, Selection selection, int members) {
            this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, false);
        }

        public Settings withMirror(boolean m) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members, m,
                    width, augmentCopies);
        }

        public Settings withWidth(int w) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, members,
                    mirror, w, augmentCopies);
        }

        /** A single run with a validation split and early stopping (no selection, one member). */
        public Settings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
                TrainConfig train, int parallelism) {
            this(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, Selection.NONE, 1);
        }

        public Settings withTrain(TrainConfig t) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, t, parallelism, selection, members, mirror, width,
                    augmentCopies);
        }

        public Settings withSelection(Selection s) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, s, members, mirror, width,
                    augmentCopies);
        }

        public Settings withMembers(int m) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, train, parallelism, selection, m, mirror, width,
                    augmentCopies);
        }

        /**
         * fer train's defaults: 5-fold subject-grouped selection over learning rate, input dropout, modality dropout
         * and weight decay at 10..40 epochs, then 3 members trained on all clips (see docs/ARCHITECTURE.md,
         * Training). Cross-validation on CK+48 favoured short training, strong input dropout and weight decay, one
         * encoder layer and the plain (not class-weighted) loss.
         */
        public static Settings ablation(List<String> modalities, boolean aligned, long seed) {
            Settings d = defaults(modalities, aligned);
            TrainConfig t = d.train().withRegularisation(ABLATION[0], ABLATION[1], ABLATION[2], ABLATION[3]).withEpochsAndSeed(ABLATION_EPOCHS, seed);
            return new Settings(modalities, aligned, d.windowFrames(), d.stride(), 0, t, d.parallelism(), Selection.NONE, 1);
        }

        public static Settings defaults(List<String> modalities, boolean aligned) {
            TrainConfig base = new TrainConfig(40, 32, 1e-3f, 42, 0.1f, 0.2f, false, 0, 0f, 0f);
            List<TrainConfig> grid = DEFAULT_GRID.stream().map(g -> base.withRegularisation(g[0], g[1], g[2], g[3])).toList();
            return new Settings(modalities, aligned, 16, 4, 0, base, 1, new Selection(5, grid, List.of(10, 20, 30, 40)), 3, false, WIDTH,
                    aligned ? 0 : DEFAULT_AUGMENT_COPIES);
        }
    }

    /** What --ablate trains every modality set with: the typical choice of the default selection, one member. */
    static final float[] ABLATION = {1e-3f, 0.5f, 0.2f, 1e-3f};
    static final int ABLATION_EPOCHS = 20;
    /**
     * Degraded copies of every training clip that fer train adds when it detects faces (small, dark, blurred,
     * compressed, rolled, masked faces; {@link io.fer.workers.image.Augmentation}): pre-aligned frames get none, their
     * frame is the face.
     */
    public static final int DEFAULT_AUGMENT_COPIES = 2;
    /** Encoder layers of trained models. */
    static final int LAYERS = 1;
    /** The transformer's model dimension unless a recipe says otherwise (CK+48's few clips want a narrow one). */
    static final int WIDTH = 64;

    /** Candidates of the default selection: {learning rate, input dropout, modality dropout, weight decay}. */
    static final List<float[]> DEFAULT_GRID = List.of(
            new float[] {1e-3f, 0.5f, 0.2f, 1e-3f},
            new float[] {3e-3f, 0.7f, 0.2f, 1e-3f},
            new float[] {1e-3f, 0.7f, 0.2f, 1e-3f});

    private final Path modelsDir;
    private final Consumer<String> progress;
    private final String track;

    public SupervisedTraining(Path modelsDir, Consumer<String> progress) {
        this(modelsDir, progress, "longest");
    }

    /** @param track which face track of a clip is its labelled one (see {@link ExtractionConfig#track()}) */
    public SupervisedTraining(Path modelsDir, Consumer<String> progress, String track) {
        this.modelsDir = modelsDir;
        this.progress = progress;
        this.track = track;
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
        ExtractionConfig ext = new ExtractionConfig(modelsDir.toString(), modalities, aligned, windowFrames, 512, track, mirrored, degradation);
        Path cacheDir = modelsDir.resolve("feature-cache");
        List<Path> cached = FeatureCache.lookup(cacheDir, clips, ext, windowFrames, stride);
        if (!cached.isEmpty()) {
            List<Map<String, List<FeatureWindow>>> parts = new ArrayList<>();
            List<List<String>> partModalities = new ArrayList<>();
            for (Path file : cached) {
                progress.accept("features from the cache " + file);
                List<String> have = FeatureCache.modalitiesOf(file);
                List<String> wanted = modalities.stream().filter(have::contains)
                        .filter(m -> partModalities.stream().noneMatch(pm -> pm.contains(m))).toList();
                parts.add(FeatureCache.select(FeatureCache.read(file), have, have.stream().map(Modalities::dimension).toList(), wanted));
                partModalities.add(wanted);
            }
            var joined = FeatureCache.join(parts, partModalities, Modalities::dimension, modalities);
            if (joined != null) {
                return joined;
            }
            progress.accept("the cached modalities have different windows: extracting " + modalities + " together");
        }
        Path cache = FeatureCache.file(cacheDir, clips, ext, windowFrames, stride);
        long t = System.nanoTime();
        progress.accept("extracting features of " + clips.size() + (mirrored ? " mirrored" : "") + " clips"
                + (ext.degradation().isEmpty() ? "" : " (" + ext.describeDegradation() + ")") + " (Flink BATCH): " + modalities);
        var windows = FeatureExtraction.run(clips, ext, layout(modalities), new WindowPlan(windowFrames, stride), parallelism, progress);
        progress.accept(String.format("features extracted in %.1f s; cached in %s", (System.nanoTime() - t) / 1e9, cache));
        FeatureCache.write(cache, windows);
        return windows;
    }

    public static ModalityLayout layout(List<String> modalities) {
        return new ModalityLayout(modalities, modalities.stream().map(Modalities::dimension).toList());
    }

    public TrainResult train(Dataset ds, String datasetName, Settings s, Path out) throws Exception {
        return train(ds, null, datasetName, s, out);
    }

    /**
     * @param validation a given validation split (FER2013's public test) on which the settings are chosen, or null: the
     *                   settings are then cross-validated in folds of ds (grouped by person, or stratified by class for
     *                   data without subject ids)
     */
    public TrainResult train(Dataset ds, Dataset validationSplit, String datasetName, Settings s, Path out) throws Exception {
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
        Map<String, Object> provenance = provenance(ds, datasetName, s, s.train().seed());
        String version = version(provenance);
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
    private TrainResult trainSelected(Dataset ds, List<LabelledWindows> validation, String datasetName, Settings s,
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
        Map<String, Object> provenance = provenance(ds, datasetName, s, cfg.seed());
        String version = version(provenance);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("learning_rate", cfg.learningRate());
        training.put("input_dropout", cfg.inputDropout());
        training.put("modality_dropout", cfg.modalityDropout());
        training.put("frame_dropout", cfg.frameDropout());
        training.put("weight_decay", cfg.weightDecay());
        training.put("epochs", cfg.epochs());
        training.put("batch_size", cfg.batchSize());
        training.put("class_balanced", cfg.classBalanced());
        training.put("members", s.members());
        training.put("mirrored_copies", s.mirror());
        training.put("degraded_copies", s.augmentCopies());
        training.put("encoder_layers", spec.layers());
        training.put("d_model", spec.dModel());
        training.put("standardisation", "per-dimension mean and standard deviation of the training frames, inside the SavedModel");
        provenance.put("training", training);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("selection", validation != null ? "given validation split" : ds.personGroups() ? "folds grouped by person"
                : "class-stratified folds, not grouped by person");
        metrics.put("cv_folds", best.folds().size());
        metrics.put("cv_war_mean", best.meanWar());
        metrics.put("cv_war_sd", best.sdWar());
        metrics.put("cv_uar_mean", best.meanUar());
        metrics.put("cv_uar_sd", best.sdUar());
        metrics.put("cv_fold_war", best.folds().stream().map(EvalResult::war).toList());
        metrics.put("cv_fold_uar", best.folds().stream().map(EvalResult::uar).toList());
        metrics.put("cv_chosen", best.setting());
        Map<String, Object> candidates = new LinkedHashMap<>();
        for (CrossValidation.Outcome o : outcomes) {
            candidates.put(o.setting(), Map.of("war", o.meanWar(), "uar", o.meanUar()));
        }
        metrics.put("cv_candidates", candidates);
        ModelMetadata md = new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, metrics);
        double[] lastLoss = {Double.NaN};
        try (TransformerTrainer.Fitted fitted = new TransformerTrainer(progress).fit(LabelledWindows.trainingWindowsOf(clips), spec, cfg,
                (epoch, loss, f) -> {
                    lastLoss[0] = loss;
                    if (epoch % 10 == 0 || epoch == cfg.epochs()) {
                        progress.accept(String.format("epoch %d/%d  loss %.4f", epoch, cfg.epochs(), loss));
                    }
                    return true;
                })) {
            EvalResult onValidation = null;
            if (validation != null) { // the model itself (all its members) on the given split: the figures metadata.json keeps
                float[][] p = TransformerLearner.perClip(fitted.predict(LabelledWindows.windowsOf(validation)), validation);
                int[] predicted = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    predicted[i] = p[i] == null ? -1 : Probabilities.argmax(p[i]);
                }
                onValidation = EvalResult.of(ds.classes(), validation.stream().mapToInt(LabelledWindows::label).toArray(), predicted);
                metrics.put("validation_clips", onValidation.clips());
                metrics.put("validation_clips_without_face", onValidation.clipsWithoutFace());
                metrics.put("validation_war", onValidation.war());
                metrics.put("validation_uar", onValidation.uar());
                Map<String, Object> recall = new LinkedHashMap<>();
                for (int k = 0; k < onValidation.classes().size(); k++) {
                    recall.put(onValidation.classes().get(k), onValidation.perClassRecall()[k]);
                }
                metrics.put("validation_per_class_recall", recall);
                md = new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, metrics);
            }
            fitted.export(md, out);
            progress.accept(String.format("trained in %.0f s (selection included)", (System.nanoTime() - start) / 1e9));
            return onValidation == null ? new TrainResult(lastLoss[0], best.meanWar(), cfg.epochs(), best.meanUar(), cfg.epochs())
                    : new TrainResult(lastLoss[0], onValidation.war(), cfg.epochs(), onValidation.uar(), cfg.epochs());
        }
    }

    /** The training clips' augmented copies: mirrored (if asked) and each degraded copy. */
    private List<Map<String, List<FeatureWindow>>> augmentedFeatures(Dataset ds, Settings s) {
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

    private static List<Modality> modalitiesOf(Settings s) {
        return s.modalities().stream().map(m -> new Modality(m, Modalities.dimension(m))).toList();
    }

    /** Where a trained model comes from: the data set and its fingerprint, subjects, face settings, seed, time. */
    private Map<String, Object> provenance(Dataset ds, String datasetName, Settings s, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", datasetName);
        p.put("data_fingerprint", FeatureCache.fingerprint(ds.clips(), new ExtractionConfig("", s.modalities(), s.alignedFaces(),
                s.windowFrames(), 512, track), s.windowFrames(), s.stride()));
        p.put("clips", ds.clips().size());
        p.put("subjects", ds.clips().stream().map(LabelledClip::group).distinct().count());
        p.put("aligned_faces", s.alignedFaces());
        p.put("track", track);
        p.put("seed", seed);
        p.put("created", Instant.now().toString());
        return p;
    }

    private static String version(Map<String, Object> provenance) {
        return "trained-" + ((String) provenance.get("data_fingerprint")).substring(0, 8) + "-s" + provenance.get("seed");
    }

    /** The transformer learner of a selection: one candidate per training setting, members 1 (cheaper; same architecture). */
    public static TransformerLearner learner(Settings s, List<Modality> mods, int classes) {
        int longest = s.selection().checkpoints().stream().mapToInt(Integer::intValue).max().orElse(s.train().epochs());
        List<TransformerLearner.Candidate> candidates = s.selection().candidates().stream()
                .map(c -> new TransformerLearner.Candidate(c.withEpochsAndSeed(longest, c.seed()), spec(s, mods, classes, 1))).toList();
        return new TransformerLearner(candidates, new java.util.TreeSet<>(s.selection().checkpoints()));
    }

    public static TransformerSpec spec(Settings s, List<Modality> mods, int classes, int members) {
        return new TransformerSpec(mods, s.windowFrames(), classes, s.width(), 4, LAYERS, 2 * s.width(), members);
    }

    /** Subject-independent k-fold figures of a training recipe, and of the logistic baseline in the same folds. */
    public record CvReport(int folds, long subjects, int clips, String recipe, CrossValidation.Outcome transformer,
            CrossValidation.Outcome baseline, List<Double> baselineL2) {}

    /**
     * The training recipe of a model directory (what fer train chose and recorded): its modalities and, from
     * provenance.training, the settings and members; the defaults' first candidate where absent.
     */
    @SuppressWarnings("unchecked")
    public static Settings recipeOf(ModelMetadata md, boolean aligned) {
        List<String> mods = md.modalities().stream().map(Modality::name).toList();
        Settings d = Settings.defaults(mods, aligned);
        Object t = md.provenance() == null ? null : md.provenance().get("training");
        if (!(t instanceof Map<?, ?> m)) {
            TrainConfig first = d.selection().candidates().get(0).withEpochsAndSeed(60, d.train().seed());
            return new Settings(mods, aligned, md.windowFrames(), md.windowStride(), 0, first, 1, Selection.NONE, d.members());
        }
        Map<String, Object> tr = (Map<String, Object>) m;
        TrainConfig base = d.train();
        TrainConfig cfg = new TrainConfig(num(tr, "epochs", base.epochs()).intValue(), num(tr, "batch_size", base.batchSize()).intValue(),
                num(tr, "learning_rate", base.learningRate()).floatValue(), base.seed(), num(tr, "frame_dropout", base.frameDropout()).floatValue(),
                num(tr, "modality_dropout", base.modalityDropout()).floatValue(), !Boolean.FALSE.equals(tr.get("class_balanced")), 0,
                num(tr, "input_dropout", 0).floatValue(), num(tr, "weight_decay", 0).floatValue());
        return new Settings(mods, aligned, md.windowFrames(), md.windowStride(), 0, cfg, 1, Selection.NONE,
                num(tr, "members", 1).intValue(), Boolean.TRUE.equals(tr.get("mirrored_copies")), num(tr, "d_model", WIDTH).intValue(),
                num(tr, "degraded_copies", 0).intValue());
    }

    private static Number num(Map<String, Object> m, String key, Number fallback) {
        return m.get(key) instanceof Number n ? n : fallback;
    }

    /** Retrains the recipe in each of k subject-independent folds and scores the held-out fold; the baseline likewise. */
    public CvReport crossValidate(Dataset ds, Settings s, int k, long seed, boolean baseline) throws Exception {
        Map<String, List<FeatureWindow>> windows = features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism());
        List<LabelledWindows> clips = LabelledWindows.of(ds, windows);
        long subjects = clips.stream().map(LabelledWindows::group).distinct().count();
        List<List<String>> folds = StratifiedFolds.forData(clips, ds.personGroups(), k, seed);
        if (!ds.personGroups()) {
            progress.accept("the data has no subject ids: folds are stratified by class, NOT grouped by person");
        }
        List<Modality> mods = modalitiesOf(s);
        TransformerLearner.Candidate recipe = new TransformerLearner.Candidate(s.train(), spec(s, mods, ds.classes().size(), s.members()));
        progress.accept(String.format("%d-fold subject-independent cross-validation: %d clips of %d subjects; transformer %s, %d member(s)",
                k, clips.size(), subjects, recipe.describe(s.train().epochs()), s.members()));
        CrossValidation.Outcome transformer = CrossValidation.run(clips, ds.classes(), folds,
                new TransformerLearner(List.of(recipe), java.util.Set.of(s.train().epochs())), progress).get(0);
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
    public List<CrossValidation.Outcome> crossValidateUnder(Dataset ds, Settings s, int k, long seed, List<String> conditions)
            throws Exception {
        List<LabelledWindows> clips = LabelledWindows.of(ds, features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism()));
        for (Map<String, List<FeatureWindow>> copy : augmentedFeatures(ds, s)) {
            clips = LabelledWindows.withAugmented(clips, ds, copy);
        }
        Map<String, List<LabelledWindows>> under = new LinkedHashMap<>();
        for (String c : conditions) {
            under.put(c, LabelledWindows.of(ds, features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(),
                    s.parallelism(), false, c)));
        }
        List<List<String>> folds = StratifiedFolds.forData(clips, ds.personGroups(), k, seed);
        TransformerLearner.Candidate recipe = new TransformerLearner.Candidate(s.train(), spec(s, modalitiesOf(s), ds.classes().size(),
                s.members()));
        TransformerLearner learner = new TransformerLearner(List.of(recipe), java.util.Set.of(s.train().epochs()));
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
    public CrossValidation.Outcome holdOut(Dataset ds, Dataset validation, Settings s) throws Exception {
        List<LabelledWindows> train = LabelledWindows.of(ds, features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism()));
        List<LabelledWindows> val = LabelledWindows.of(validation, features(validation.clips(), s.modalities(), s.alignedFaces(),
                s.windowFrames(), s.stride(), s.parallelism()));
        GivenSplit split = GivenSplit.of(train, val);
        TransformerLearner.Candidate recipe = new TransformerLearner.Candidate(s.train(), spec(s, modalitiesOf(s), ds.classes().size(),
                s.members()));
        return CrossValidation.run(split.clips(), ds.classes(), split.folds(),
                new TransformerLearner(List.of(recipe), java.util.Set.of(s.train().epochs())).withProgress(progress), progress).get(0);
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
        try (TemporalModel model = TemporalModel.load(modelDir)) {
            ModelMetadata md = model.metadata();
            List<String> mods = md.modalities().stream().map(Modality::name).toList();
            List<LabelledClip> clips = new ArrayList<>();
            Map<String, Integer> leftOut = new java.util.TreeMap<>();
            for (LabelledClip c : ds.clips()) {
                String label = LabelNames.toModel(c.label(), md.classes());
                if (label != null) {
                    clips.add(new LabelledClip(c.id(), label, c.group(), c.source()));
                } else if (sharedClassesOnly) {
                    leftOut.merge(c.label(), 1, Integer::sum);
                } else {
                    throw new IllegalArgumentException("clip " + c.id() + " has label '" + c.label() + "', which the model's classes "
                            + md.classes() + " lack (--shared-classes leaves such clips out)");
                }
            }
            if (!leftOut.isEmpty()) {
                progress.accept("left out clips of labels the model lacks: " + leftOut);
            }
            var windows = features(clips, mods, aligned, md.windowFrames(), md.windowStride(), parallelism, false, degradation);
            int[] truth = new int[clips.size()];
            int[] predicted = new int[clips.size()];
            for (int i = 0; i < clips.size(); i++) {
                LabelledClip c = clips.get(i);
                truth[i] = md.classes().indexOf(c.label());
                predicted[i] = predict(model, windows.getOrDefault(c.id(), List.of()));
            }
            return EvalResult.of(md.classes(), truth, predicted);
        }
    }

    /** The clip's label: argmax of its windows' mean probabilities (-1 if no window: no face found). */
    public static int predict(TemporalModel model, List<FeatureWindow> windows) {
        if (windows.isEmpty()) {
            return -1;
        }
        int c = model.metadata().classes().size();
        double[] mean = new double[c];
        for (FeatureWindow w : windows) {
            float[] p = model.predict(w.features, w.mask, 1)[0];
            for (int k = 0; k < c; k++) {
                mean[k] += p[k] / windows.size();
            }
        }
        return Probabilities.argmax(mean);
    }
}
