package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.process.KafkaProcess;
import io.fer.launcher.process.OsProcess;
import io.fer.launcher.process.StreamEvents;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.schemas.kafka.TopicNames;
import io.fer.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once through failures, with real OS processes: a standalone broker, `fer worker` and `fer classify` as
 * their own JVMs. The same clip is streamed once cleanly, then again while the classifier is killed with SIGKILL
 * and restarted on the same --state-dir, the worker is killed with SIGKILL and restarted, and the broker is
 * restarted, with a third stream of the same clip beside it. Read with read_committed, the second and the third
 * stream must each have every window of the first (alone) exactly once, with the same probabilities.
 */
class FaultToleranceITCase {
    private static final int FRAMES = 1500;

    @Test
    void everyWindowExactlyOnceThroughAKilledClassifierAKilledWorkerAndABrokerRestart(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        Path clip = TestClips.twoPeople(store, dir.resolve("clip.mp4"), FRAMES);
        try (KafkaProcess kafka = KafkaProcess.start(dir.resolve("kafka"))) {
            String b = kafka.bootstrap();
            TopicCreator.ensure(b, Topics.all(1, ModelMetadata.read(model).modalities().stream().map(ModelMetadata.Modality::name).toList()));
            List<String> jvm = List.of("-Xmx2g");
            List<String> workerArgs = List.of("worker", "--stage", "model", "--bootstrap", b, "--metrics-port", "0",
                    "--instance-id", "w1");
            List<String> classifyArgs = List.of("classify", "--bootstrap", b, "--model", model.toString(), "--state-dir",
                    dir.resolve("state").toString(), "--checkpoint-interval", "1s", "--rest-port", "0");
            try (OsProcess worker = OsProcess.java("worker", dir, jvm, "io.fer.launcher.Fer", workerArgs);
                    OsProcess classifier = OsProcess.java("classify", dir, jvm, "io.fer.launcher.Fer", classifyArgs)) {
                // both have their models and job up before the first frame, so their start-up does not compete with it
                worker.awaitOutput("worker: running", Duration.ofMinutes(3));
                classifier.awaitOutput("running;", Duration.ofMinutes(3));
                long cleanStart = System.currentTimeMillis();
                ingest(b, clip, "clean");  // the same pacing as the faulty run
                List<EmotionEvent> clean = StreamEvents.readComplete(b, "clean", Duration.ofMinutes(6));
                long cleanMs = System.currentTimeMillis() - cleanStart;
                Map<String, EmotionEvent> reference = StreamEvents.byWindow(clean);
                assertThat(reference).as("clean run: no duplicates").hasSize(clean.size());
                assertThat(clean.stream().filter(e -> !e.getEndOfTrack()).count()).isGreaterThan(2L * (FRAMES - 16) / 4);

                // paced at the clip's own rate (60 s), so every fault below lands in mid-stream even on a slow machine
                Thread ingest = new Thread(() -> ingest(b, clip, "faulty"));
                ingest.start();
                // beside it a second stream of the same clip, started a little later: the worker's shared crop decodes
                // and the classifier's windows see both, and each must still give the events it gives alone
                Thread.sleep(1500);
                Thread neighbour = new Thread(() -> ingest(b, clip, "neighbour"));
                neighbour.start();
                long t0 = System.currentTimeMillis();
                awaitSomeEvents(b, "faulty");
                classifier.kill9();
                List<String> log = new ArrayList<>();
                log.add("classifier killed after " + (System.currentTimeMillis() - t0) + " ms");
                classifier.start();
                Thread.sleep(4000);
                worker.kill9();
                log.add("worker killed after " + (System.currentTimeMillis() - t0) + " ms");
                assertThat(complete(b, "faulty")).as("the worker is killed mid-stream; " + log).isFalse();
                worker.start();
                Thread.sleep(8000);
                assertThat(complete(b, "faulty")).as("the broker restarts mid-stream; " + log).isFalse();
                kafka.restart();
                log.add("broker restarted after " + (System.currentTimeMillis() - t0) + " ms");

                ingest.join(120_000);
                neighbour.join(120_000);
                List<EmotionEvent> faulty = StreamEvents.readComplete(b, "faulty", Duration.ofMinutes(8));
                log.add("complete after " + (System.currentTimeMillis() - t0) + " ms (the clean run: " + cleanMs + " ms)");
                log.add(faulty.size() + " records, " + StreamEvents.byWindow(faulty).size() + " distinct");
                System.out.println("FaultToleranceITCase: " + String.join("; ", log));
                Map<String, EmotionEvent> got = StreamEvents.byWindow(faulty);
                assertThat(faulty).as("no duplicates, read_committed").hasSize(got.size());
                StreamEvents.assertSameEvents(got, reference, "no window lost or added, the same probabilities");
                List<EmotionEvent> beside = StreamEvents.readComplete(b, "neighbour", Duration.ofMinutes(4));
                assertThat(beside).as("the neighbour: no duplicates").hasSize(StreamEvents.byWindow(beside).size());
                StreamEvents.assertSameEvents(StreamEvents.byWindow(beside), reference, "the neighbour, through the same faults");
                // a third-party reader (kcat, librdkafka) with read_committed counts the same records for both runs
                assertThat(kcatCount(b, "faulty/")).as("kcat, read_committed").isEqualTo(kcatCount(b, "clean/")).isEqualTo(clean.size());
                assertThat(worker.alive()).as(worker.tail()).isTrue();
                assertThat(classifier.alive()).as(classifier.tail()).isTrue();
                // SIGTERM: the job stops with a savepoint (the JVM's status after a SIGTERM is 143), and resumes from it
                assertThat(classifier.terminate()).isEqualTo(143);
                Matcher sp = Pattern.compile("--from-savepoint (\\S+)\\)")
                        .matcher(Files.readString(classifier.log()));
                assertThat(sp.find()).as(classifier.tail()).isTrue();
                List<String> resume = new ArrayList<>(classifyArgs);
                resume.addAll(List.of("--from-savepoint", sp.group(1)));
                try (OsProcess upgraded = OsProcess.java("classify-upgraded", dir, jvm, "io.fer.launcher.Fer", resume)) {
                    upgraded.awaitOutput("running;", Duration.ofMinutes(2));
                    assertThat(Files.readString(upgraded.log())).contains("resuming from " + sp.group(1)).contains("running;");
                }
            }
        }
    }

    private static boolean complete(String b, String stream) {
        return StreamEvents.readNow(b, stream, "read_uncommitted").stream().anyMatch(e -> e.getEndOfTrack() && e.getTrackId() < 0);
    }

    private static void awaitSomeEvents(String b, String stream) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            List<EmotionEvent> now = StreamEvents.readFirst(b, stream, Duration.ofSeconds(5));
            if (!now.isEmpty()) {
                assertThat(now).as("the classifier is killed mid-stream").noneMatch(e -> e.getEndOfTrack() && e.getTrackId() < 0);
                return;
            }
        }
        throw new AssertionError("no event of " + stream + " within 3 minutes");
    }

    /** Records of fer.emotions whose key starts with the prefix, as kcat reads them with read_committed. */
    private static long kcatCount(String bootstrap, String keyPrefix) throws Exception {
        Process p = new ProcessBuilder("kcat", "-C", "-b", bootstrap, "-t", Topics.EMOTIONS, "-o", "beginning", "-e", "-q",
                "-X", "isolation.level=read_committed", "-f", "%k\\n").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("kcat exit status").isZero();
        return out.lines().filter(l -> l.startsWith(keyPrefix)).count();
    }

    /**
     * Publishes the clip paced at its own rate. The sink waits up to 2 minutes for Kafka instead of the 30 s a user's
     * ingest gives up after (IngestKafkaFailureITCase checks that): the broker restart on a slow machine may take longer,
     * and what this test checks is the pipeline behind the topic, not the ingest's patience.
     */
    static void ingest(String bootstrap, Path video, String id) {
        KafkaSettings patient = new KafkaSettings(bootstrap, Map.of("delivery.timeout.ms", "120000", "max.block.ms", "120000"),
                TopicNames.DEFAULT, KafkaSettings.DEFAULT_GROUP_PREFIX);
        try (KafkaFrameSink sink = new KafkaFrameSink(patient)) {
            new StreamIngester(IngestConfig.DEFAULT.withRealtime(true)).run(SourceSpec.of(video.toString(), id, false, false), sink,
                    new AtomicBoolean(), new IngestStats());
        }
    }
}
