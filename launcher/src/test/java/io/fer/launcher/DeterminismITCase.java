package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.classifier.window.AssemblyTiming;
import io.fer.launcher.process.StreamEvents;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.testing.TestModels;
import io.fer.training.SupervisedTraining;
import io.fer.training.TrainConfig;
import io.fer.training.TrainingSettings;
import io.fer.training.dataset.FoldersDataset;
import io.fer.workers.Workers;
import io.fer.workers.modality.Modalities;
import io.fer.workers.stage.BadRecordException;
import io.fer.workers.stage.ModalityStage;
import io.fer.workers.stage.RecordProcessor;
import io.fer.workers.stage.StageInput;
import io.fer.workers.stage.StageLoop;
import io.fer.workers.stage.StageOutput;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same clip, same events: a model reading expression, appearance and geometry; the workers and the Flink job on the
 * in-process broker. The clip is streamed alone, then next to a live UDP stream (wall-clock event times, extra load),
 * then with the geometry stage slowed down on purpose, then as four copies at once while geometry falls behind them all.
 * Every run must give the same windows with the same labels and probabilities (within 1e-5), and every window must carry
 * every modality.
 */
class DeterminismITCase {
    private static final List<String> MODALITIES = List.of("expression", "appearance", "geometry");
    private static final int FRAMES = 48;
    @TempDir
    static Path dir;
    private static ModelStore store;
    private static InProcessPipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        store = TestModels.store();
        Path data = dir.resolve("data");
        EvalMatchesStreamingITCase.makeClips(store, data);
        Path model = dir.resolve("model");
        new SupervisedTraining(store.dir(), msg -> {}).train(FoldersDataset.read(data), "test clips",
                new TrainingSettings(MODALITIES, true, 16, 4, 0.0, new TrainConfig(10, 8, 1e-3f, 1, 0.1f, 0f, true, 0), 1),
                model);

        pipeline = InProcessPipeline.start(MODALITIES);
        List<String> stages = new ArrayList<>(List.of(Workers.FACES));
        stages.addAll(MODALITIES);
        for (StageLoop l : Workers.build(stages, List.of(), store, pipeline.kafka(), TfGraph.TfOptions.DEFAULT, 32, null)) {
            pipeline.startLoop(l);
        }
        pipeline.startClassifier(model, dir.resolve("state"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void theSameClipGivesTheSameEventsAloneBesideALiveStreamWithASlowStageAndBehindABacklog() throws Exception {
        Path clip = TestClips.twoPeople(store, dir.resolve("clip.mp4"), FRAMES);

        Map<String, EmotionEvent> alone = pipeline.runFile(clip, "alone");
        assertThat(alone.values().stream().filter(e -> !e.getEndOfTrack())).hasSizeGreaterThanOrEqualTo(2 * (FRAMES - 16) / 4)
                .allSatisfy(e -> assertThat(e.getModalities()).as("every window carries every modality").containsExactlyElementsOf(MODALITIES));

        // a live UDP stream (event times from the wall clock) going through the same workers and job meanwhile
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "udp://127.0.0.1:" + port;
        Process sender = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip.toString(),
                "-vf", "fps=8", "-c:v", "mpeg2video", "-f", "mpegts", url).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start();
        AtomicBoolean stopLive = new AtomicBoolean();
        IngestStats liveStats = new IngestStats();
        Thread live = new Thread(() -> {
            try (KafkaFrameSink sink = new KafkaFrameSink(pipeline.bootstrap())) {
                new StreamIngester(IngestConfig.DEFAULT).run(SourceSpec.of(url, "live", false, false), sink, stopLive, liveStats);
            }
        });
        live.start();
        Map<String, EmotionEvent> besideLive;
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (liveStats.decoded.get() < 16 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(liveStats.decoded.get()).as("the live stream runs").isGreaterThanOrEqualTo(16);
            besideLive = pipeline.runFile(clip, "beside-live");
            assertThat(StreamEvents.readNow(pipeline.bootstrap(), "live", "read_committed")).as("the live stream has events too")
                    .isNotEmpty();
        } finally {
            stopLive.set(true);
            live.join(30_000);
            sender.destroy();
        }
        assertSame(besideLive, alone, "beside a live stream");

        // the geometry stage replaced by one that sleeps 300 ms every round
        replaceGeometry("geometry", "slowed", 300, 4);
        assertSame(pipeline.runFile(clip, "slowed"), alone, "with a slowed geometry stage");

        backlogBehindASlowStage(clip, alone);
    }

    /**
     * Copies of the clip read at once while geometry takes one record per 3 s: expression and appearance finish every
     * copy long before geometry gets to each copy's next record, about 12 s later, more than the classifier's modality
     * timeout (here 7 s: longer than any round of the other stages on a loaded machine; the classifier restarted at
     * parallelism 2). Geometry is behind, not down (it sends something every round, for some copy), so it must not be
     * masked: each copy gives the clip's events alone.
     */
    private static void backlogBehindASlowStage(Path clip, Map<String, EmotionEvent> alone) throws Exception {
        // two window-assembly subtasks: each holds some copies and must hear geometry while it works on the others'
        pipeline.restartClassifier(new AssemblyTiming(Duration.ofSeconds(7), AssemblyTiming.DEFAULT.trackIdle(),
                AssemblyTiming.DEFAULT.stateTtl()), 2);
        replaceGeometry("slowed", "slower", 3000, 1);

        int copies = 4;
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<Map<String, EmotionEvent>>> runs = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                String streamId = "backlog-" + i;
                runs.add(pool.submit(() -> pipeline.runFile(clip, streamId)));
            }
            for (int i = 0; i < copies; i++) {
                assertSame(runs.get(i).get(10, TimeUnit.MINUTES), alone, "copy " + i + " of " + copies + " at once, geometry behind");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Stops the geometry loop whose transactional id contains running and starts, in the same group, one that sleeps
     * sleepMs every round of at most maxRecords records before the real work.
     */
    private static void replaceGeometry(String running, String instance, long sleepMs, int maxRecords)
            throws InterruptedException {
        StageLoop geometry = pipeline.loops().stream().filter(l -> l.transactionalId().contains(running)).findFirst().orElseThrow();
        geometry.close();
        assertThat(geometry.awaitStopped(Duration.ofSeconds(60))).isTrue();
        RecordProcessor slow = new Slowed(new ModalityStage(Modalities.create("geometry", store, TfGraph.TfOptions.DEFAULT), 32, null), sleepMs);
        pipeline.startLoop(new StageLoop("geometry", KafkaSettings.of(pipeline.bootstrap()), Topics.FACES, slow, null, maxRecords, 20,
                "fer-geometry", instance));
    }

    private static void assertSame(Map<String, EmotionEvent> got, Map<String, EmotionEvent> reference, String how) {
        double maxDiff = StreamEvents.assertSameEvents(got, reference, how);
        System.out.printf("DeterminismITCase: %s: %d records, the same windows and labels, max |probability difference| %.2e%n",
                how, got.size(), maxDiff);
    }

    /** A stage slowed down on purpose: every round takes its time before the real work. */
    private record Slowed(RecordProcessor inner, long sleepMs) implements RecordProcessor {
        @Override
        public List<StageOutput> process(StageInput r) throws BadRecordException {
            return inner.process(r);
        }

        @Override
        public List<StageOutput> processAll(String stage, List<StageInput> records) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.processAll(stage, records);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
