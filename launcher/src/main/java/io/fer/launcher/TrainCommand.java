package io.fer.launcher;

import io.fer.training.DefaultModelBuilder;
import io.fer.training.DistillationData;
import io.fer.training.TrainConfig;
import io.fer.training.TrainResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer train: for now the default model, distilled from the pretrained expression model over the sample photos. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a temporal transformer model directory.",
                "--default rebuilds the demo's default model from nothing but the fetched npm packages: augmented clips"
                        + " of the real sample photos, labelled by the pretrained expression model (distillation)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--default", required = true, description = "build the default distilled model")
    boolean defaultModel;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "where to write the model directory")
    Path out;

    @Option(names = "--epochs", defaultValue = "120", description = "training epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed reproduces a run")
    long seed;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() {
        TrainConfig base = DefaultModelBuilder.TRAIN;
        TrainConfig cfg = new TrainConfig(epochs, base.batchSize(), base.learningRate(), seed, base.frameDropout());
        TrainResult r = new DefaultModelBuilder(models.store(), msg -> System.err.println("train: " + msg))
                .build(out, cfg, DistillationData.Settings.DEFAULT);
        System.out.printf("model written to %s (validation agreement with the teacher %.3f, final loss %.4f)%n", out,
                r.validationAccuracy(), r.finalLoss());
        return 0;
    }
}
