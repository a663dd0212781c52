package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.classifier.flink.ClassifierConfig;
import io.fer.classifier.flink.ClassifierJob;
import io.fer.classifier.flink.JobSettings;
import io.fer.classifier.window.AssemblyTiming;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.process.StreamEvents;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.stage.StageLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The pipeline of a test class in one JVM: an in-process broker with the topics of some modalities, worker stage loops
 * the test builds (so it can slow or replace one), and the classifier job on a local Flink MiniCluster.
 */
public final class InProcessPipeline implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final List<StageLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private JobClient job;
    private Path classifierModel;
    private Path classifierState;

    private InProcessPipeline(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    public static InProcessPipeline start(List<String> modalities) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        TopicCreator.ensure(broker.bootstrapServers(), Topics.all(1, modalities));
        return new InProcessPipeline(broker);
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    public KafkaSettings kafka() {
        return KafkaSettings.of(bootstrap());
    }

    public void startLoop(StageLoop loop) {
        Thread t = new Thread(loop, "stage-" + loop.name());
        t.start();
        loops.add(loop);
        threads.add(t);
    }

    public List<StageLoop> loops() {
        return loops;
    }

    /** The classifier for this model, checkpointing every second into stateDir. */
    public void startClassifier(Path model, Path stateDir) throws Exception {
        classifierModel = model;
        classifierState = stateDir;
        startClassifier(AssemblyTiming.DEFAULT, 1);
    }

    /**
     * The classifier cancelled and started again with other assembly timings and parallelism, as a user restarts
     * {@code fer classify} with other options: it resumes from its latest checkpoint.
     */
    public void restartClassifier(AssemblyTiming timing, int parallelism) throws Exception {
        job.cancel().get();
        try {
            job.getJobExecutionResult().get(); // until its tasks are gone, so no old committer races the new job
        } catch (ExecutionException cancelled) {
            // what a cancelled job's result says
        }
        startClassifier(timing, parallelism);
    }

    private void startClassifier(AssemblyTiming timing, int parallelism) throws Exception {
        var conf = new JobSettings(classifierState, Duration.ofSeconds(1), "hashmap", null).flinkConfig();
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        ClassifierJob.wire(env, kafka(), ClassifierConfig.forModel(classifierModel, 0, parallelism, timing), "fer-classifier");
        job = env.executeAsync("fer classifier");
    }

    /** Streams a file to its end and returns its committed events by window, checking there are no duplicates. */
    public Map<String, EmotionEvent> runFile(Path clip, String streamId) {
        try (KafkaFrameSink sink = new KafkaFrameSink(bootstrap())) {
            new StreamIngester(IngestConfig.DEFAULT).run(SourceSpec.of(clip.toString(), streamId, false, false), sink,
                    new AtomicBoolean(), new IngestStats());
        }
        List<EmotionEvent> events = StreamEvents.readComplete(bootstrap(), streamId, Duration.ofMinutes(6));
        Map<String, EmotionEvent> byWindow = StreamEvents.byWindow(events);
        assertThat(byWindow).as(streamId + ": no duplicates").hasSize(events.size());
        return byWindow;
    }

    @Override
    public void close() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        loops.forEach(StageLoop::close);
        for (Thread t : threads) {
            t.join(30_000);
        }
        broker.close();
    }
}
