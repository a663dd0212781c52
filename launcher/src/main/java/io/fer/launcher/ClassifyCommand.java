package io.fer.launcher;

import io.fer.classifier.flink.ClassifierConfig;
import io.fer.classifier.flink.ClassifierJob;
import io.fer.classifier.flink.JobSettings;
import io.fer.classifier.window.AssemblyTiming;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.temporal.TemporalModel;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * fer classify: the Flink classifier job against a real Kafka, on a local MiniCluster, with exactly-once checkpoints
 * under --state-dir. A restart with the same --state-dir resumes from the latest completed checkpoint; SIGTERM stops
 * the job with a savepoint (for upgrades) and prints its path.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Run the Flink classifier job (local MiniCluster) against a real Kafka.",
                "Events are written to fer.emotions in Kafka transactions committed at each checkpoint: read them with"
                        + " isolation.level=read_committed. Restarted with the same --state-dir, the job resumes from its"
                        + " latest checkpoint; SIGTERM (Ctrl-C) stops it with a savepoint and prints the path for --from-savepoint."})
public final class ClassifyCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafkaOptions;

    @Mixin TopicOptions topicOptions;

    @Option(names = "--model", paramLabel = "DIR", description = "temporal model directory (default: the distilled default model)")
    Path model;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "checkpoints and savepoints (default: $XDG_DATA_HOME or ~/.local/share, then fer/classifier/GROUP)")
    Path stateDir;

    @Option(names = "--checkpoint-interval", defaultValue = "1s", paramLabel = "DURATION",
            description = "exactly-once checkpoint interval; events become readable when a checkpoint completes (default: ${DEFAULT-VALUE})")
    String checkpointInterval;

    @Option(names = "--state-backend", defaultValue = "hashmap",
            description = "hashmap (on the heap) or rocksdb (on local disk, for many streams) (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "start from this savepoint (or retained checkpoint) instead of the latest checkpoint")
    Path fromSavepoint;

    @Option(names = "--modality-timeout", defaultValue = "30s", paramLabel = "DURATION",
            description = "a modality that delivers nothing for this long, for any stream, while others move on is masked"
                    + " (counted and logged); a stage behind on other streams is waited for; above a worker's restart, so a killed worker does not change any event (default: ${DEFAULT-VALUE})")
    String modalityTimeout;

    @Option(names = "--track-idle", defaultValue = "2s", paramLabel = "DURATION",
            description = "stream time without a face of a track after which the track ends and its state is freed (default: ${DEFAULT-VALUE})")
    String trackIdle;

    @Option(names = "--state-ttl", defaultValue = "1h", paramLabel = "DURATION",
            description = "state of a stream that vanished without an end is dropped after this long untouched (default: ${DEFAULT-VALUE})")
    String stateTtl;

    @Option(names = "--group",
            description = "consumer group and transactional id prefix: one per deployment (default: the group prefix + classifier)")
    String group;

    @Option(names = "--rest-port", defaultValue = "8081",
            description = "Flink REST API (job status, checkpoints, metrics such as openTracks); 0 picks a free port (default: ${DEFAULT-VALUE})")
    int restPort;

    @Option(names = "--no-savepoint-on-exit", description = "on SIGTERM just stop; a restart resumes from the latest checkpoint anyway")
    boolean noSavepointOnExit;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
            description = "submit the job to this Flink session cluster (its REST address) instead of running a local one;"
                    + " the model is shipped with the job, --state-dir must be a path every JobManager and TaskManager reaches"
                    + " (shared storage), and TensorFlow Java must be in the cluster's lib/ (see README)")
    String jobmanager;

    @Option(names = "--job-jar", paramLabel = "JAR",
            description = "the classifier's Flink job jar (default: fer-classifier-job.jar beside the fer launcher jar)")
    Path jobJar;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        topicOptions.validate();
        KafkaSettings kafka = kafkaOptions.settings();
        String group = this.group != null ? this.group : kafka.group("classifier");
        Path dir = model != null ? model : DefaultModel.ensure(models.store(), msg -> System.err.println("classify: " + msg));
        try (TemporalModel check = TemporalModel.load(dir)) {
            // a broken model directory fails here, on one line, not in a TaskManager
        }
        AssemblyTiming timing = new AssemblyTiming(Durations.parse("--modality-timeout", modalityTimeout),
                Durations.parse("--track-idle", trackIdle), Durations.parse("--state-ttl", stateTtl));
        ClassifierConfig config = ClassifierConfig.forModel(dir, 0, parallelism, timing);
        // its input and output topics exist before the job starts (the source would otherwise find no partitions)
        TopicCreator.ensure(kafka, Topics.all(kafka.topics(), topicOptions.partitions, topicOptions.replication,
                config.layout().names(), topicOptions.retention())).warnings().forEach(w -> System.err.println("classify: " + w));
        JobSettings settings = new JobSettings(stateDir != null ? stateDir : defaultStateDir(group),
                Durations.parse("--checkpoint-interval", checkpointInterval), backend, fromSavepoint);
        Configuration conf = settings.flinkConfig();
        conf.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        settings.recoveryPoint().ifPresentOrElse(p -> System.err.println("classify: resuming from " + p),
                () -> System.err.println("classify: no checkpoint in " + settings.checkpoints() + ": starting from committed offsets"));

        if (jobmanager != null) {
            return submit(conf, kafka, config, group, settings);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        ClassifierJob.wire(env, kafka, config, group);
        JobClient job = env.executeAsync("fer classifier");
        System.err.println("classify: job " + job.getJobID() + " running; checkpoints every " + checkpointInterval + " in "
                + settings.checkpoints());
        Thread hook = new Thread(() -> stop(job, settings));
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            job.getJobExecutionResult().get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return 0;
    }

    /**
     * Submits the job (graph, job jar, model) to a session cluster's REST endpoint and returns: the cluster runs it,
     * restarts it from its checkpoints on failures, and shows it in its Web UI.
     */
    private int submit(Configuration conf, KafkaSettings kafka, ClassifierConfig config, String group, JobSettings settings)
            throws Exception {
        int colon = jobmanager.lastIndexOf(':');
        if (colon <= 0) {
            throw new Fer.UserError("--jobmanager " + jobmanager + ": expected HOST:PORT (the cluster's REST port, 8081 by default)");
        }
        String host = jobmanager.substring(0, colon);
        int port = Integer.parseInt(jobmanager.substring(colon + 1));
        Path jar = jobJar != null ? jobJar : defaultJobJar();
        if (!Files.isRegularFile(jar)) {
            throw new Fer.UserError("no job jar at " + jar + " (build it with mvn package, or give --job-jar)");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(host, port, conf, jar.toString());
        env.setParallelism(parallelism);
        ClassifierJob.wire(env, kafka, config, group, true);
        JobClient job = env.executeAsync("fer classifier");
        System.err.println("classify: job " + job.getJobID() + " submitted to " + jobmanager + " (parallelism " + parallelism
                + ", checkpoints in " + settings.checkpoints() + "); Web UI http://" + jobmanager + "/#/job/running/"
                + job.getJobID() + "/overview");
        System.out.println(job.getJobID());
        return 0;
    }

    /** The job jar the build puts beside the launcher jar. */
    static Path defaultJobJar() {
        try {
            Path launcherJar = Path.of(ClassifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path base = Files.isDirectory(launcherJar) ? launcherJar.getParent() : launcherJar.getParent();
            return base.resolve("fer-classifier-job.jar");
        } catch (URISyntaxException e) {
            return Path.of("fer-classifier-job.jar");
        }
    }

    private void stop(JobClient job, JobSettings settings) {
        try {
            if (noSavepointOnExit) {
                job.cancel().get(30, TimeUnit.SECONDS);
                return;
            }
            String path = job.stopWithSavepoint(false, settings.savepoints().toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            System.err.println("classify: stopped with savepoint " + path + " (resume: --from-savepoint " + Path.of(URI.create(path)) + ")");
        } catch (Exception e) {
            System.err.println("classify: could not stop with a savepoint (" + e.getMessage() + "); the latest checkpoint is kept");
        }
    }

    /** Per deployment (group), under the user's data directory. */
    static Path defaultStateDir(String group) {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("fer").resolve("classifier").resolve(group);
    }

    /** Durations on the command line: 500ms, 2s, 10m, 1h, or ISO-8601 (PT2S). */
    static final class Durations {
        private Durations() {}

        static Duration parse(String option, String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.startsWith("pt")) {
                    return Duration.parse(t.toUpperCase(Locale.ROOT));
                }
                if (t.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                }
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new Fer.UserError(option + ": '" + text + "' is not a duration (like 500ms, 2s, 10m, 1h)");
            }
        }
    }
}
