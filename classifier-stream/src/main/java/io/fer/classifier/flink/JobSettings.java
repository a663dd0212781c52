package io.fer.classifier.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * How the classifier job survives failures: exactly-once checkpoints every {@code checkpointInterval} into
 * {@code stateDir/checkpoints} (kept when the job is cancelled or killed, so a restart resumes from them), savepoints
 * under {@code stateDir/savepoints}, a state backend, and an exponential-delay restart strategy.
 *
 * @param backend       hashmap (state on the heap) or rocksdb (state on local disk, for many streams)
 * @param resumeFrom    a savepoint or checkpoint to start from; null: the latest completed checkpoint under stateDir, if any
 */
public record JobSettings(Path stateDir, Duration checkpointInterval, String backend, Path resumeFrom) {
    public static final List<String> BACKENDS = List.of("hashmap", "rocksdb");
    /** Above the checkpoint interval plus a restart: a transaction left open by a killed job is aborted by then. */
    public static final Duration SINK_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    public JobSettings {
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("state backend must be one of " + BACKENDS + ", not '" + backend + "'");
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("checkpoint interval must be at least 100 ms, not " + checkpointInterval);
        }
        if (checkpointInterval.compareTo(SINK_TRANSACTION_TIMEOUT.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("checkpoint interval must stay below " + SINK_TRANSACTION_TIMEOUT.dividedBy(2)
                    + " (the sink's Kafka transactions must outlive it)");
        }
    }

    public Path checkpoints() {
        return stateDir.resolve("checkpoints");
    }

    public Path savepoints() {
        return stateDir.resolve("savepoints");
    }

    /** The Flink configuration for these settings, with the state to resume from if there is one. */
    public Configuration flinkConfig() {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints().toUri().toString());
        c.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints().toUri().toString());
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        c.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, checkpointInterval.dividedBy(2));
        c.set(StateBackendOptions.STATE_BACKEND, backend);
        // windows and events are few and small: Flink's default 100 ms network buffer timeout would hold each one
        // up to 100 ms at every exchange between operators
        c.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(10));
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(60));
        recoveryPoint().ifPresent(p -> c.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
        return c;
    }

    /** The explicit savepoint, else the newest completed checkpoint under the state directory. */
    public Optional<Path> recoveryPoint() {
        if (resumeFrom != null) {
            if (!Files.exists(resumeFrom)) {
                throw new IllegalArgumentException("no savepoint or checkpoint at " + resumeFrom);
            }
            return Optional.of(resumeFrom);
        }
        return latestCheckpoint(checkpoints());
    }

    /** Flink lays checkpoints out as DIR/JOB_ID/chk-N/_metadata; a directory without _metadata is incomplete. */
    public static Optional<Path> latestCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory).flatMap(JobSettings::completedCheckpoints)
                    .max(Comparator.comparingLong(JobSettings::modified)).map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + dir, e);
        }
    }

    private static Stream<Path> completedCheckpoints(Path jobDir) {
        try (Stream<Path> s = Files.list(jobDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-")).map(p -> p.resolve("_metadata"))
                    .filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
