package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fer.launcher.process.FlinkCluster;
import io.fer.launcher.process.KafkaProcess;
import io.fer.launcher.process.OsProcess;
import io.fer.launcher.process.StreamEvents;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.testing.TestModels;
import io.fer.workers.Workers;
import io.fer.workers.stage.StageLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier on a real standalone Flink session cluster: a JobManager and two TaskManagers as OS processes,
 * started from Flink's runtime jars, the job submitted by {@code fer classify --jobmanager} as a job jar with the model
 * shipped along. With parallelism 2 over 2 partitions, events come out; after one TaskManager is killed with SIGKILL in
 * mid-stream, the job restarts from its checkpoint on the surviving one, and the stream's events are those of a clean
 * run: none lost, none duplicated.
 */
class FlinkClusterITCase {
    private static final int FRAMES = 750; // 30 s paced

    @Test
    void theJobRunsOnASessionClusterAndRecoversFromAKilledTaskManager(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
            throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        Path clip = TestClips.twoPeople(store, dir.resolve("clip.mp4"), FRAMES);
        try (KafkaProcess kafka = KafkaProcess.start(dir.resolve("kafka"));
                FlinkCluster flink = FlinkCluster.start(dir.resolve("flink"), 2, 2)) {
            String b = kafka.bootstrap();
            TopicCreator.ensure(b, Topics.all(2, ModelMetadata.read(model).modalities().stream().map(ModelMetadata.Modality::name).toList()));
            List<StageLoop> workers = Workers.build(Workers.stagesOf(model), List.of(), store, KafkaSettings.of(b),
                    TfGraph.TfOptions.DEFAULT, 32, null);
            List<Thread> threads = new ArrayList<>();
            for (StageLoop l : workers) {
                Thread t = new Thread(l, "stage-" + l.name());
                t.start();
                threads.add(t);
            }
            try {
                OsProcess submit = OsProcess.java("submit", dir, List.of("-Xmx1g"), "io.fer.launcher.Fer", List.of("classify",
                        "--jobmanager", flink.restAddress(), "--parallelism", "2", "--bootstrap", b, "--model", model.toString(),
                        "--state-dir", dir.resolve("state").toString(), "--checkpoint-interval", "1s"));
                assertThat(submit.awaitExit(Duration.ofMinutes(3))).as(submit.tail()).isZero();
                Matcher id = Pattern.compile("(?m)^([0-9a-f]{32})$").matcher(Files.readString(submit.log()));
                assertThat(id.find()).as(submit.tail()).isTrue();
                String jobId = id.group(1);
                awaitStatus(flink, jobId, "RUNNING");
                JsonNode job = flink.rest("/jobs/" + jobId);
                assertThat(job.path("vertices").findValues("parallelism")).allMatch(p -> p.asInt() == 2);

                FaultToleranceITCase.ingest(b, clip, "clean");
                List<EmotionEvent> clean = StreamEvents.readComplete(b, "clean", Duration.ofMinutes(5));
                Map<String, EmotionEvent> reference = StreamEvents.byWindow(clean);
                assertThat(reference).as("events come out of the cluster, once each").hasSize(clean.size());
                assertThat(clean.stream().filter(e -> !e.getEndOfTrack()).count()).isGreaterThan(2L * (FRAMES - 16) / 4);

                Thread ingest = new Thread(() -> FaultToleranceITCase.ingest(b, clip, "faulty"));
                ingest.start();
                awaitSomeEvents(b, "faulty");
                flink.taskManager(flink.busyTaskManager()).kill9();
                long killedAt = System.currentTimeMillis();
                ingest.join(120_000);
                List<EmotionEvent> faulty = StreamEvents.readComplete(b, "faulty", Duration.ofMinutes(6));
                JsonNode exceptions = flink.rest("/jobs/" + jobId + "/exceptions");
                assertThat(exceptions.path("exceptionHistory").path("entries").size())
                        .as("the job failed over when its TaskManager died: " + exceptions).isGreaterThan(0);
                assertThat(flink.jobStatus(jobId)).isEqualTo("RUNNING");
                System.out.println("FlinkClusterITCase: complete " + (System.currentTimeMillis() - killedAt) + " ms after the kill; "
                        + faulty.size() + " records");
                Map<String, EmotionEvent> got = StreamEvents.byWindow(faulty);
                assertThat(faulty).as("no duplicates, read_committed").hasSize(got.size());
                StreamEvents.assertSameEvents(got, reference, "no window lost or added after the TaskManager was killed");
            } finally {
                workers.forEach(StageLoop::close);
                for (Thread t : threads) {
                    t.join(30_000);
                }
            }
        }
    }

    private static void awaitStatus(FlinkCluster flink, String jobId, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = flink.jobStatus(jobId);
            if (last.equals(status)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " is " + last + ", not " + status + ":\n" + flink.jobManager().tail());
    }

    private static void awaitSomeEvents(String b, String stream) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            List<EmotionEvent> now = StreamEvents.readFirst(b, stream, Duration.ofSeconds(5));
            if (!now.isEmpty()) {
                assertThat(now).as("the TaskManager is killed mid-stream").noneMatch(e -> e.getEndOfTrack() && e.getTrackId() < 0);
                return;
            }
        }
        throw new AssertionError("no event of " + stream + " within 3 minutes");
    }
}
