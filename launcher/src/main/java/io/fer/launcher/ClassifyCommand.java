package io.fer.launcher;

import io.fer.classifier.flink.ClassifierConfig;
import io.fer.classifier.flink.ClassifierJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer classify: the Flink classifier job against a real Kafka, on a local MiniCluster. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Run the Flink classifier job (local MiniCluster) against a real Kafka.")
public final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--model", paramLabel = "DIR", description = "temporal model directory (default: the distilled default model)")
    Path model;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        Path dir = model != null ? model : DefaultModel.ensure(models.store(), msg -> System.err.println("classify: " + msg));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        ClassifierJob.wire(env, bootstrap, ClassifierConfig.forModel(dir, 0, parallelism), "fer-classifier");
        env.execute("fer classifier");
        return 0;
    }
}
