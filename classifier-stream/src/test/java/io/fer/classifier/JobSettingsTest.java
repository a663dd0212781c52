package io.fer.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.classifier.flink.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSettingsTest {

    private static Path checkpoint(Path dir, String job, int n, long modifiedMs, boolean complete) throws Exception {
        Path chk = Files.createDirectories(dir.resolve("checkpoints").resolve(job).resolve("chk-" + n));
        if (complete) {
            Files.writeString(chk.resolve("_metadata"), "x");
            Files.setLastModifiedTime(chk.resolve("_metadata"), FileTime.fromMillis(modifiedMs));
        }
        return chk;
    }

    @Test
    void aRestartResumesFromTheNewestCompletedCheckpointOfAnyEarlierJob(@TempDir Path dir) throws Exception {
        checkpoint(dir, "job-a", 7, 1_000, true);
        Path newest = checkpoint(dir, "job-b", 3, 5_000, true);
        checkpoint(dir, "job-b", 4, 9_000, false); // being written when the process died
        JobSettings s = new JobSettings(dir, Duration.ofSeconds(2), "hashmap", null);
        assertThat(s.recoveryPoint()).contains(newest);
        assertThat(s.flinkConfig().get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(newest.toUri().toString());
        assertThat(s.flinkConfig().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo(dir.resolve("checkpoints").toUri().toString());
    }

    @Test
    void aSavepointWinsAndAnEmptyStateDirStartsFresh(@TempDir Path dir) throws Exception {
        checkpoint(dir, "job-a", 7, 1_000, true);
        Path savepoint = Files.createDirectories(dir.resolve("my-savepoint"));
        assertThat(new JobSettings(dir, Duration.ofSeconds(2), "rocksdb", savepoint).recoveryPoint()).contains(savepoint);
        assertThat(new JobSettings(dir.resolve("empty"), Duration.ofSeconds(2), "hashmap", null).recoveryPoint()).isEmpty();
        assertThat(new JobSettings(dir.resolve("empty"), Duration.ofSeconds(2), "hashmap", null).flinkConfig()
                .getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }

    @Test
    void badSettingsAreRefusedWithAReason(@TempDir Path dir) {
        assertThatThrownBy(() -> new JobSettings(dir, Duration.ofSeconds(2), "memory", null)).hasMessageContaining("hashmap, rocksdb");
        assertThatThrownBy(() -> new JobSettings(dir, Duration.ofMinutes(6), "hashmap", null)).hasMessageContaining("transactions");
        assertThatThrownBy(() -> new JobSettings(dir, Duration.ofSeconds(2), "hashmap", dir.resolve("nope")).recoveryPoint())
                .hasMessageContaining("no savepoint");
    }
}
