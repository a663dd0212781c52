package io.fer.launcher;

import io.fer.models.temporal.ModelMetadata;
import io.fer.training.DefaultRecipe;
import io.fer.training.TrainingSettings;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.DfewDataset;
import io.fer.training.dataset.FoldersDataset;
import io.fer.workers.expression.EmotionClasses;
import io.fer.training.TrainConfig;
import io.fer.training.SupervisedTraining;
import io.fer.training.TrainResult;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer train: a model from a labelled data set, or the shipped default model from FER2013. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a temporal transformer model directory.",
                "--dataset DIR: features through the live path's operators (face stage, modality generators) in a Flink BATCH job"
                        + " (cached); the training settings (learning rate, input and modality dropout, weight decay, epochs) chosen by"
                        + " subject-grouped k-fold cross-validation (subject: clip name up to '_'), then the model trained on all clips;"
                        + " folds, chosen settings and figures go to metadata.json. Clips shorter than the window are resampled to it"
                        + " (frames repeated in order).",
                "--val DIR: the settings are chosen on a given validation split instead (FER2013's public-test/).",
                "--default rebuilds the shipped default model from FER2013 (see README, Default model)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--default", description = "rebuild the shipped default model: FER2013 train (--dataset, default"
            + " $FER_HOME/../shared/data/fer2013/train), settings chosen on its public test (--val, default .../public-test)")
    boolean defaultModel;

    @Mixin DatasetOptions data;

    @Option(names = "--modalities", split = ",", defaultValue = "expression,appearance,faceapi",
            description = "modalities the model reads (default: ${DEFAULT-VALUE})")
    List<String> modalities;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "where to write the model directory")
    Path out;

    @Option(names = "--epochs", description = "training epochs (default: the selection tries 10, 20, 30"
            + " and 40, and N makes it try N/4, N/2, 3N/4 and N)")
    Integer epochs;

    @Option(names = "--cv-folds", defaultValue = "5", paramLabel = "K", description = "folds of the settings' cross-validation; 0: no"
            + " selection, one run with a 20 %% validation split and early stopping (default: ${DEFAULT-VALUE})")
    int cvFolds;

    @Option(names = "--members", defaultValue = "3", paramLabel = "M",
            description = "independently initialised transformers averaged in the model (default: ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--mirror", description = "also train on every training clip mirrored left to right (its features extracted once"
            + " more and cached); held-out and validation clips are scored as they are")
    boolean mirror;

    @Option(names = "--augment", paramLabel = "N", description = "degraded copies of every training clip, each clip its own camera"
            + " condition per copy (a smaller, darker and noisier, blurred, rolled, compressed or masked face; see fer eval --conditions);"
            + " default " + TrainingSettings.DEFAULT_AUGMENT_COPIES + " when faces are detected, 0 with --aligned-faces (where a copy's"
            + " face size becomes the crop's resolution); 0 turns it off")
    Integer augment;

    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed reproduces a run")
    long seed;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        if (!defaultModel) {
            var ds = data.read(DfewDataset.Part.TRAIN);
            if (members < 1 || cvFolds < 0 || cvFolds == 1) {
                throw new Fer.UserError("--members needs at least 1 and --cv-folds 0 or at least 2");
            }
            var s = TrainingSettings.defaults(modalities, data.alignedFaces).withMembers(members).withMirror(mirror);
            if (augment != null) {
                if (augment < 0) {
                    throw new Fer.UserError("--augment needs 0 or more copies");
                }
                s = s.withAugmentCopies(augment);
            }
            List<TrainConfig> candidates = s.selection().candidates().stream().map(c -> c.withEpochsAndSeed(c.epochs(), seed)).toList();
            List<Integer> checkpoints = epochs == null ? s.selection().checkpoints()
                    : IntStream.of(epochs / 4, epochs / 2, 3 * epochs / 4, epochs).filter(e -> e > 0).distinct().boxed().toList();
            if (cvFolds == 0 && data.validation == null) {
                // the single run: validation split and early stopping, as before selection existed
                s = new TrainingSettings(s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(), 0.2,
                        candidates.get(0).withEpochsAndSeed(epochs != null ? epochs : 150, seed).withPatience(30), 1,
                        TrainingSettings.Selection.NONE, members, mirror).withAugmentCopies(s.augmentCopies());
            } else {
                s = s.withSelection(new TrainingSettings.Selection(cvFolds, candidates, checkpoints))
                        .withTrain(s.train().withEpochsAndSeed(s.train().epochs(), seed));
            }
            long start = System.nanoTime();
            TrainResult r = new SupervisedTraining(Generators.checked(models.store()).dir(), msg -> System.err.println("train: " + msg), data.track)
                    .train(ds, data.validation == null ? null : data.read(data.validation, DfewDataset.Part.TEST),
                            data.dataset.toString(), s, out);
            if (data.validation != null) {
                System.out.printf("model written to %s: WAR %.3f, UAR %.3f on the validation split %s with the chosen settings (%d"
                        + " epochs); %.0f s%n", out, r.validationAccuracy(), r.validationUar(), data.validation, r.bestEpoch(),
                        (System.nanoTime() - start) / 1e9);
            } else if (cvFolds == 0) {
                System.out.printf("model written to %s: validation WAR %.3f, UAR %.3f (epoch %d), %.0f s%n", out, r.validationAccuracy(),
                        r.validationUar(), r.bestEpoch(), (System.nanoTime() - start) / 1e9);
            } else {
                System.out.printf("model written to %s: %d-fold cross-validated WAR %.3f, UAR %.3f with the chosen settings (%d epochs);"
                        + " %.0f s%n", out, cvFolds, r.validationAccuracy(), r.validationUar(), r.bestEpoch(), (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
        return trainDefault();
    }

    /** The shipped default model: the default recipe on FER2013 train, settings chosen on its public test. */
    private int trainDefault() throws Exception {
        Path shared = Path.of(System.getenv().getOrDefault("FER_HOME", ".")).resolve("../shared/data");
        Path train = data.dataset != null ? data.dataset : shared.resolve(DefaultRecipe.TRAIN);
        Path validation = data.validation != null ? data.validation : shared.resolve(DefaultRecipe.VALIDATION);
        for (Path p : List.of(train, validation)) {
            if (!Files.isDirectory(p)) {
                throw new Fer.UserError(p.toAbsolutePath().normalize() + " is missing: --default trains on FER2013 (--dataset"
                        + " fer2013/train --val fer2013/public-test, <label>/<image>)");
            }
        }
        long start = System.nanoTime();
        var st = new SupervisedTraining(Generators.checked(models.store()).dir(), msg -> System.err.println("train: " + msg), data.track);
        TrainResult r = st.train(inPipelineOrder(FoldersDataset.read(train)), inPipelineOrder(FoldersDataset.read(validation)),
                "FER2013 train", DefaultRecipe.settings(seed).withMembers(members), out);
        ModelMetadata md = ModelMetadata.read(out);
        Map<String, Object> provenance = new LinkedHashMap<>(md.provenance());
        provenance.putAll(DefaultRecipe.provenance());
        new ModelMetadata(DefaultRecipe.VERSION, md.classes(), md.modalities(), md.windowFrames(), md.windowStride(), provenance,
                md.metrics()).write(out);
        System.out.printf("default model %s written to %s: WAR %.3f, UAR %.3f on %s; %.0f s%n", DefaultRecipe.VERSION, out,
                r.validationAccuracy(), r.validationUar(), validation, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The default model's events list the classes in the pipeline's order (angry ... surprise, neutral), as before. */
    private static Dataset inPipelineOrder(Dataset ds) {
        if (!new HashSet<>(ds.classes()).equals(new HashSet<>(EmotionClasses.MODEL_ORDER))) {
            throw new Fer.UserError("--default needs the seven classes " + EmotionClasses.MODEL_ORDER + " as label folders, found "
                    + ds.classes());
        }
        return new Dataset(EmotionClasses.MODEL_ORDER, ds.clips(), ds.personGroups());
    }
}
