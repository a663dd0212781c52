package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.process.OsProcess;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.testing.TestModels;
import io.fer.workers.modality.ExpressionModality;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * fer worker --no-face-crops as a process on a real broker: the face crops of a real clip reach the expression stage,
 * which publishes its vectors, and are deleted from fer.faces once it has committed past them.
 */
class NoFaceCropsITCase {
    @Test
    void cropsGoOnceTheModalityStageHasCommittedPastThem(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path clip = SampleClip.ensure(store);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String b = broker.bootstrapServers();
            TopicCreator.ensure(b, Topics.all(1, List.of(ExpressionModality.NAME)));
            OsProcess worker = OsProcess.java("worker", dir, List.of("-Xmx1g"), "io.fer.launcher.Fer", List.of("worker", "--stage",
                    "faces," + ExpressionModality.NAME, "--no-face-crops", "--bootstrap", b, "--metrics-port", "0"));
            try {
                FaultToleranceITCase.ingest(b, clip, "private");
                TopicPartition faces = new TopicPartition(Topics.FACES, 0);
                TopicPartition vectors = new TopicPartition(Topics.embedding(ExpressionModality.NAME), 0);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", b))) {
                    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                    long start = 0;
                    long end = -1;
                    while (System.nanoTime() < deadline) {
                        start = admin.listOffsets(Map.of(faces, OffsetSpec.earliest())).all().get().get(faces).offset();
                        end = admin.listOffsets(Map.of(faces, OffsetSpec.latest())).all().get().get(faces).offset();
                        var committed = admin.listConsumerGroupOffsets("fer-" + ExpressionModality.NAME).partitionsToOffsetAndMetadata().get();
                        boolean caughtUp = committed.containsKey(faces) && committed.get(faces).offset() >= end - 1;
                        if (caughtUp && end > 0 && start >= end - 1) {
                            break;
                        }
                        assertThat(worker.alive()).as(worker.tail()).isTrue();
                        Thread.sleep(1000);
                    }
                    assertThat(end).as("face batches were published").isGreaterThan(2);
                    // everything but at most the last transaction's commit marker is gone
                    assertThat(start).as("fer.faces start offset").isGreaterThanOrEqualTo(end - 1);
                    long published = admin.listOffsets(Map.of(vectors, OffsetSpec.latest())).all().get().get(vectors).offset();
                    assertThat(published).as("expression vectors").isGreaterThan(0);
                }
            } finally {
                worker.close();
            }
        }
    }
}
