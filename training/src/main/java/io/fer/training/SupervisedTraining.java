package io.fer.training;

import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.models.temporal.TemporalModel;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.eval.EvalResult;
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
    /** Settings of a training run. */
    public record Settings(List<String> modalities, boolean alignedFaces, int windowFrames, int stride, double validationShare,
            TrainConfig train, int parallelism) {
        public Settings withTrain(TrainConfig t) {
            return new Settings(modalities, alignedFaces, windowFrames, stride, validationShare, t, parallelism);
        }

        public static Settings defaults(List<String> modalities, boolean aligned) {
            return new Settings(modalities, aligned, 16, 4, 0.2,
                    new TrainConfig(150, 32, 1e-3f, 42, 0.1f, 0.2f, true, 30), 1);
        }
    }

    private final Path modelsDir;
    private final Consumer<String> progress;

    public SupervisedTraining(Path modelsDir, Consumer<String> progress) {
        this.modelsDir = modelsDir;
        this.progress = progress;
    }

    public Map<String, List<FeatureWindow>> features(List<LabelledClip> clips, List<String> modalities, boolean aligned,
            int windowFrames, int stride, int parallelism) throws Exception {
        ExtractionConfig ext = new ExtractionConfig(modelsDir.toString(), modalities, aligned, windowFrames, 512);
        Path cache = modelsDir.resolve("feature-cache").resolve(FeatureCache.fingerprint(clips, ext, windowFrames, stride) + ".bin");
        if (Files.isRegularFile(cache)) {
            progress.accept("features from the cache " + cache);
            return FeatureCache.read(cache);
        }
        long t = System.nanoTime();
        progress.accept("extracting features of " + clips.size() + " clips (Flink BATCH): " + modalities);
        var windows = FeatureExtraction.run(clips, ext, layout(modalities), new WindowPlan(windowFrames, stride), parallelism);
        progress.accept(String.format("features extracted in %.1f s; cached in %s", (System.nanoTime() - t) / 1e9, cache));
        FeatureCache.write(cache, windows);
        return windows;
    }

    public static ModalityLayout layout(List<String> modalities) {
        return new ModalityLayout(modalities, modalities.stream().map(Modalities::dimension).toList());
    }

    public TrainResult train(Dataset ds, String datasetName, Settings s, Path out) throws Exception {
        Map<String, List<FeatureWindow>> windows = features(ds.clips(), s.modalities(), s.alignedFaces(), s.windowFrames(),
                s.stride(), s.parallelism());
        List<String> groups = new ArrayList<>(ds.clips().stream().map(LabelledClip::group).distinct().sorted().toList());
        Collections.shuffle(groups, new Random(s.train().seed()));
        Set<String> validation = new HashSet<>(groups.subList(0, (int) Math.round(groups.size() * s.validationShare())));
        List<Clip> train = new ArrayList<>();
        List<Clip> val = new ArrayList<>();
        for (LabelledClip c : ds.clips()) {
            for (FeatureWindow w : windows.getOrDefault(c.id(), List.of())) {
                float[] target = new float[ds.classes().size()];
                target[ds.classIndex(c.label())] = 1;
                (validation.contains(c.group()) ? val : train).add(new Clip(w.features, w.mask, target, c.group()));
            }
        }
        progress.accept(train.size() + " training and " + val.size() + " validation windows; " + validation.size() + " of "
                + groups.size() + " groups held out for validation");
        List<Modality> mods = s.modalities().stream().map(m -> new Modality(m, Modalities.dimension(m))).toList();
        TransformerSpec spec = new TransformerSpec(mods, s.windowFrames(), ds.classes().size(), 64, 4, 2, 128);
        String fingerprint = FeatureCache.fingerprint(ds.clips(), new ExtractionConfig("", s.modalities(), s.alignedFaces(),
                s.windowFrames(), 512), s.windowFrames(), s.stride());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", datasetName);
        provenance.put("data_fingerprint", fingerprint);
        provenance.put("clips", ds.clips().size());
        provenance.put("aligned_faces", s.alignedFaces());
        provenance.put("seed", s.train().seed());
        provenance.put("created", Instant.now().toString());
        String version = "trained-" + fingerprint.substring(0, 8) + "-s" + s.train().seed();
        ModelMetadata md = new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, Map.of());
        TrainResult r = new TransformerTrainer(progress).train(train, val, spec, s.train(), md, out);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation_war", r.validationAccuracy());
        metrics.put("validation_uar", r.validationUar());
        metrics.put("best_epoch", r.bestEpoch());
        new ModelMetadata(version, ds.classes(), mods, s.windowFrames(), s.stride(), provenance, metrics).write(out);
        return r;
    }

    /** Per clip: the mean of its windows' probabilities, argmax; against the clip's label. */
    public EvalResult evaluate(Path modelDir, Dataset ds, boolean aligned, int parallelism) throws Exception {
        try (TemporalModel model = TemporalModel.load(modelDir)) {
            ModelMetadata md = model.metadata();
            List<String> mods = md.modalities().stream().map(Modality::name).toList();
            for (LabelledClip c : ds.clips()) {
                if (!md.classes().contains(c.label())) {
                    throw new IllegalArgumentException("clip " + c.id() + " has label '" + c.label() + "', which the model's classes "
                            + md.classes() + " lack");
                }
            }
            var windows = features(ds.clips(), mods, aligned, md.windowFrames(), md.windowStride(), parallelism);
            int[] truth = new int[ds.clips().size()];
            int[] predicted = new int[ds.clips().size()];
            for (int i = 0; i < ds.clips().size(); i++) {
                LabelledClip c = ds.clips().get(i);
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
        int best = 0;
        for (int k = 1; k < c; k++) {
            best = mean[k] > mean[best] ? k : best;
        }
        return best;
    }
}
