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
                "--dataset DIR: features through the live path's operators in a Flink BATCH job (cached), validation split by"
                        + " subject (clip name up to '_'), modality dropout, class-balanced loss, early stopping on"
                        + " validation UAR. Clips shorter than the window are resampled to it (frames repeated in order).",
                "--default rebuilds the demo's default model from nothing but the fetched npm packages: augmented clips"
                        + " of the real sample photos, labelled by the pretrained expression model (distillation)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--default", description = "build the default distilled model")
    boolean defaultModel;

    @Mixin DatasetOptions data;

    @Option(names = "--modalities", split = ",", defaultValue = "expression,appearance,geometry",
            description = "modalities the model reads (default: ${DEFAULT-VALUE})")
    List<String> modalities;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "where to write the model directory")
    Path out;

    @Option(names = "--epochs", description = "training epochs (default: 120 for --default, 150 with early stopping otherwise)")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed reproduces a run")
    long seed;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        if (!defaultModel) {
            var ds = data.read(io.fer.training.dataset.DfewDataset.Part.TRAIN);
            var s = SupervisedTraining.Settings.defaults(modalities, data.alignedFaces);
            s = s.withTrain(s.train().withEpochsAndSeed(epochs != null ? epochs : s.train().epochs(), seed));
            long start = System.nanoTime();
            TrainResult r = new SupervisedTraining(Generators.checked(models.store()).dir(), msg -> System.err.println("train: " + msg))
                    .train(ds, data.dataset.toString(), s, out);
            System.out.printf("model written to %s: validation WAR %.3f, UAR %.3f (epoch %d), %.0f s%n", out, r.validationAccuracy(),
                    r.validationUar(), r.bestEpoch(), (System.nanoTime() - start) / 1e9);
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
