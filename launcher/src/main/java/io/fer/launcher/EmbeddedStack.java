package io.fer.launcher;

import io.fer.classifier.flink.ClassifierConfig;
import io.fer.classifier.flink.ClassifierJob;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.Workers;
import io.fer.workers.stage.StageLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Everything in one JVM: an in-process Kafka broker with the project's topics, the worker stages on
 * threads, and the classifier job on a local Flink MiniCluster.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final List<StageLoop> stages = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private JobClient job;
    private Path stateDir;

    private EmbeddedStack(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** The face stage and the stages of the modalities the model reads. */
    public static EmbeddedStack start(ModelStore store, Path modelDir, int partitions) throws Exception {
        return start(store, modelDir, partitions, Workers.stagesOf(modelDir), 0, java.time.Duration.ofSeconds(1));
    }

    /**
     * @param stages             the worker stages to run (faces and modalities)
     * @param restPort           Flink's REST API (metrics); 0 picks a free port
     * @param checkpointInterval how often events are committed
     */
    public static EmbeddedStack start(ModelStore store, Path modelDir, int partitions, List<String> stages, int restPort,
            java.time.Duration checkpointInterval) throws Exception {
        return start(store, modelDir, partitions, stages, restPort, checkpointInterval, k -> k);
    }

    /** @param classifierSettings adjusts the classifier's Kafka settings (a schema registry for its events) */
    public static EmbeddedStack start(ModelStore store, Path modelDir, int partitions, List<String> stages, int restPort,
            java.time.Duration checkpointInterval, java.util.function.UnaryOperator<KafkaSettings> classifierSettings) throws Exception {
        return start(store, modelDir, partitions, stages, restPort, checkpointInterval, classifierSettings, null);
    }

    /** @param registry where the worker stages' meters go (null: none) */
    public static EmbeddedStack start(ModelStore store, Path modelDir, int partitions, List<String> stages, int restPort,
            java.time.Duration checkpointInterval, java.util.function.UnaryOperator<KafkaSettings> classifierSettings,
            io.micrometer.core.instrument.MeterRegistry registry) throws Exception {
        return start(store, modelDir, partitions, stages, restPort, checkpointInterval, classifierSettings, registry,
                io.fer.workers.stage.StageConfig.DEFAULT_DETECT_EVERY, true);
    }

    /**
     * @param detectEvery      the face stage runs its detector on every Nth frame
     * @param workersInProcess false: only the topics of the stages are created, and workers run elsewhere
     */
    public static EmbeddedStack start(ModelStore store, Path modelDir, int partitions, List<String> stages, int restPort,
            java.time.Duration checkpointInterval, java.util.function.UnaryOperator<KafkaSettings> classifierSettings,
            io.micrometer.core.instrument.MeterRegistry registry, int detectEvery, boolean workersInProcess) throws Exception {
        EmbeddedStack stack = new EmbeddedStack(EmbeddedKafkaBroker.start());
        try {
            String bootstrap = stack.bootstrap();
            TopicCreator.ensure(bootstrap, Topics.all(partitions, Workers.modalityNames(stages, List.of())));
            for (StageLoop loop : !workersInProcess ? List.<StageLoop>of() : Workers.build(stages, List.of(), store, KafkaSettings.of(bootstrap),
                    TfGraph.TfOptions.DEFAULT, Workers.DEFAULT_BATCH, registry, StageLoop.defaultInstance(), Workers.faceStageConfig(stages, List.of(), null, detectEvery))) {
                stack.startStage(loop);
            }
            // a throw-away state dir: the embedded broker is gone after the run, so its checkpoints would be useless
            stack.stateDir = java.nio.file.Files.createTempDirectory("fer-demo-state");
            var conf = new io.fer.classifier.flink.JobSettings(stack.stateDir, checkpointInterval, "hashmap", null).flinkConfig();
            conf.set(org.apache.flink.configuration.RestOptions.BIND_PORT, Integer.toString(restPort));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
            ClassifierJob.wire(env, classifierSettings.apply(KafkaSettings.of(bootstrap)), ClassifierConfig.forModel(modelDir, 0, 1),
                    "fer-classifier");
            stack.job = env.executeAsync("fer classifier");
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startStage(StageLoop loop) {
        Thread t = new Thread(loop, "fer-stage-" + stages.size());
        t.setDaemon(true);
        t.start();
        stages.add(loop);
        threads.add(t);
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    /** The first failure of a worker stage, if one stopped. */
    public Throwable stageFailure() {
        return stages.stream().map(StageLoop::failure).filter(f -> f != null).findFirst().orElse(null);
    }

    @Override
    public void close() {
        if (job != null) {
            try {
                job.cancel().get();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }
        stages.forEach(StageLoop::close);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.close();
        if (stateDir != null) {
            org.apache.commons.io.FileUtils.deleteQuietly(stateDir.toFile());
        }
    }
}
