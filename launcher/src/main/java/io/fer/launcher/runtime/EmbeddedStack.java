package io.fer.launcher.runtime;

import io.fer.classifier.flink.ClassifierConfig;
import io.fer.classifier.flink.ClassifierJob;
import io.fer.classifier.flink.JobSettings;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.Workers;
import io.fer.workers.stage.StageConfig;
import io.fer.workers.stage.StageLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.io.FileUtils;
import org.apache.flink.configuration.RestOptions;
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

    /** An embedded stack for a model: its face stage and modalities, 1 partition, checkpoints every second. */
    public static Builder forModel(ModelStore store, Path modelDir) {
        return new Builder(store, modelDir);
    }

    /** What the embedded stack runs; each setting has the default a demo needs. */
    public static final class Builder {
        private final ModelStore store;
        private final Path modelDir;
        private int partitions = 1;
        private List<String> stages;
        private int restPort;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private UnaryOperator<KafkaSettings> classifierSettings = k -> k;
        private MeterRegistry registry;
        private int detectEvery = StageConfig.DEFAULT_DETECT_EVERY;
        private boolean workersInProcess = true;

        private Builder(ModelStore store, Path modelDir) {
            this.store = store;
            this.modelDir = modelDir;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** The worker stages (default: the face stage and the modalities the model reads). */
        public Builder stages(List<String> stages) {
            this.stages = stages;
            return this;
        }

        /** The Flink web UI's port (0: any free one). */
        public Builder restPort(int restPort) {
            this.restPort = restPort;
            return this;
        }

        public Builder checkpointInterval(Duration checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        /** How the classifier job's Kafka settings differ from the workers' (a schema registry, for example). */
        public Builder classifierSettings(UnaryOperator<KafkaSettings> classifierSettings) {
            this.classifierSettings = classifierSettings;
            return this;
        }

        /** Where the worker stages report their metrics (default: nowhere). */
        public Builder metrics(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** The face stage runs its detector on every Nth frame. */
        public Builder detectEvery(int detectEvery) {
            this.detectEvery = detectEvery;
            return this;
        }

        /** false: only the stages' topics are created, and the workers run elsewhere. */
        public Builder workersInProcess(boolean workersInProcess) {
            this.workersInProcess = workersInProcess;
            return this;
        }

        public EmbeddedStack start() throws Exception {
            List<String> stages = this.stages != null ? this.stages : Workers.stagesOf(modelDir);
            EmbeddedStack stack = new EmbeddedStack(EmbeddedKafkaBroker.start());
            try {
                String bootstrap = stack.bootstrap();
                TopicCreator.ensure(bootstrap, Topics.all(partitions, Workers.modalityNames(stages, List.of())));
                for (StageLoop loop : !workersInProcess ? List.<StageLoop>of() : Workers.build(stages, List.of(), store, KafkaSettings.of(bootstrap),
                        TfGraph.TfOptions.DEFAULT, Workers.DEFAULT_BATCH, registry, StageLoop.defaultInstance(), Workers.faceStageConfig(stages, List.of(), null, detectEvery))) {
                    stack.startStage(loop);
                }
                // a throw-away state dir: the embedded broker is gone after the run, so its checkpoints would be useless
                stack.stateDir = Files.createTempDirectory("fer-demo-state");
                var conf = new JobSettings(stack.stateDir, checkpointInterval, "hashmap", null).flinkConfig();
                conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
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
            FileUtils.deleteQuietly(stateDir.toFile());
        }
    }
}
