package io.fer.launcher;

import io.fer.training.DefaultModelBuilder;
import io.fer.training.DistillationData;
import io.fer.training.TrainConfig;
import io.fer.training.SupervisedTraining;
import io.fer.training.TrainResult;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer train: a model from a labelled data set, or the default model distilled from the sample photos. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a temporal transformer model directory.",
                "--dataset DIR: features through the live path's operators (face stage, modality generators) in a Flink BATCH job"
                        + " (cached); the training settings (learning rate, input and modality dropout, weight decay, epochs) chosen by"
                        + " subject-grouped k-fold cross-validation (subject: clip name up to '_'), then the model trained on all clips;"
                        + " folds, chosen settings and figures go to metadata.json. Clips shorter than the window are resampled to it"
                        + " (frames repeated in order).",
                "--default rebuilds the demo's default model from nothing but the fetched npm packages: augmented clips"
                        + " of the real sample photos, labelled by the pretrained expression model (distillation)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--default", description = "build the default distilled model")
    boolean defaultModel;

    @Mixin DatasetOptions data;

    @Option(names = "--modalities", split = ",", defaultValue = "expression,appearance,faceapi",
            description = "modalities the model reads (default: ${DEFAULT-VALUE})")
    List<String> modalities;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "where to write the model directory")
    Path out;

    @Option(names = "--epochs", description = "training epochs (default: 120 for --default; otherwise the selection tries 10, 20, 30"
            + " and 40, and N makes it try N/4, N/2, 3N/4 and N)")
    Integer epochs;

    @Option(names = "--cv-folds", defaultValue = "5", paramLabel = "K", description = "folds of the settings' cross-validation; 0: no"
            + " selection, one run with a 20 %% validation split and early stopping (default: ${DEFAULT-VALUE})")
    int cvFolds;

    @Option(names = "--members", defaultValue = "3", paramLabel = "M",
            description = "independently initialised transformers averaged in the model (default: ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed reproduces a run")
    long seed;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        if (!defaultModel) {
            var ds = data.read(io.fer.training.dataset.DfewDataset.Part.TRAIN);
            if (members < 1 || cvFolds < 0 || cvFolds == 1) {
                throw new Fer.UserError("--members needs at least 1 and --cv-folds 0 or at least 2");
            }
            var s = SupervisedTraining.Settings.defaults(modalities, data.alignedFaces).withMembers(members);
            List<TrainConfig> candidates = s.selection().candidates().stream().map(c -> c.withEpochsAndSeed(c.epochs(), seed)).toList();
            List<Integer> checkpoints = epochs == null ? s.selection().checkpoints()
                    : java.util.stream.IntStream.of(epochs / 4, epochs / 2, 3 * epochs / 4, epochs).filter(e -> e > 0).distinct().boxed().toList();
            if (cvFolds == 0) {
                // the single run: validation split and early stopping, as before selection existed
                s = new SupervisedTraining.Settings(s.modalities(), s.alignedFaces(), s.windowFrames(), s.stride(), 0.2,
                        candidates.get(0).withEpochsAndSeed(epochs != null ? epochs : 150, seed).withPatience(30), 1,
                        SupervisedTraining.Selection.NONE, members);
            } else {
                s = s.withSelection(new SupervisedTraining.Selection(cvFolds, candidates, checkpoints))
                        .withTrain(s.train().withEpochsAndSeed(s.train().epochs(), seed));
            }
            long start = System.nanoTime();
            TrainResult r = new SupervisedTraining(Generators.checked(models.store()).dir(), msg -> System.err.println("train: " + msg), data.track)
                    .train(ds, data.dataset.toString(), s, out);
            if (cvFolds == 0) {
                System.out.printf("model written to %s: validation WAR %.3f, UAR %.3f (epoch %d), %.0f s%n", out, r.validationAccuracy(),
                        r.validationUar(), r.bestEpoch(), (System.nanoTime() - start) / 1e9);
            } else {
                System.out.printf("model written to %s: %d-fold cross-validated WAR %.3f, UAR %.3f with the chosen settings (%d epochs);"
                        + " %.0f s%n", out, cvFolds, r.validationAccuracy(), r.validationUar(), r.bestEpoch(), (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
        TrainConfig base = DefaultModelBuilder.TRAIN;
        TrainConfig cfg = base.withEpochsAndSeed(epochs != null ? epochs : base.epochs(), seed);
        TrainResult r = new DefaultModelBuilder(models.store(), msg -> System.err.println("train: " + msg))
                .build(out, cfg, DistillationData.Settings.DEFAULT);
        System.out.printf("model written to %s (validation agreement with the teacher %.3f, final loss %.4f)%n", out,
                r.validationAccuracy(), r.finalLoss());
        return 0;
    }
}
