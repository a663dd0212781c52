package io.fer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.launcher.Console;
import io.fer.launcher.Fer;
import io.fer.launcher.Generators;
import io.fer.launcher.ModelsOptions;
import io.fer.launcher.PhaseLine;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.workers.Workers;
import io.fer.workers.stage.StageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * fer bench pipeline: ingest -> workers -> classifier on the embedded stack, end to end. A throughput run (every stream
 * read as fast as it goes) gives frames/s and face-frames/s against the model-only bound measured in the same run;
 * a latency run (streams paced at their frame rate) gives frame-to-event latency as a read_committed and a
 * read_uncommitted subscriber see it. Worker stages report their model and round time; peak RSS of the process.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"End-to-end figures of the whole pipeline on the embedded stack: frames/s and face-frames/s (streams read"
                + " as fast as they go) vs the model-only bound of the model's modalities, measured in the same run; frame-to-event"
                + " latency p50/p95/p99 (streams paced at their frame rate) for read_committed and read_uncommitted subscribers;"
                + " per worker stage its model time and the rest of its rounds; peak RSS.",
                "Latency runs from the moment a window's last frame is read from the source to the moment its event is read."})
public final class BenchPipelineCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "FILE", description = "a video (default: the sample clip, 4 faces per frame)")
    String source;

    @Option(names = "--streams", defaultValue = "1", description = "copies of the source run at the same time (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--model", paramLabel = "DIR", description = "temporal model (default: the default model); its modalities run")
    Path model;

    @Option(names = "--checkpoint-interval", defaultValue = "PT1S",
            description = "the classifier's checkpoint interval: when events become readable to read_committed subscribers (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(names = "--detect-every", paramLabel = "N", defaultValue = "" + StageConfig.DEFAULT_DETECT_EVERY,
            description = "the face stage's detector runs on every Nth frame, faces are carried between (default: ${DEFAULT-VALUE})")
    int detectEvery;

    @Option(names = "--min-frames", paramLabel = "N", defaultValue = "600",
            description = "the throughput run reads the clip again (as a new stream) until each stream has read at least N frames,"
                    + " so a short clip still gives a steady rate (default: ${DEFAULT-VALUE})")
    int minFrames;

    @Option(names = "--warm-up-frames", paramLabel = "N", defaultValue = "300",
            description = "frames read as fast as they go before anything is measured, so the JIT has compiled the hot"
                    + " paths, at least (default: ${DEFAULT-VALUE})")
    int warmUpFrames;

    @Option(names = "--warm-up", paramLabel = "ISO-8601", defaultValue = "PT2M",
            description = "and for at least this long: the one JVM holds the broker, Flink and the workers, and its JIT is"
                    + " still compiling their code minutes in, on the cores the models need (the JSON's jit_share says how"
                    + " much of the throughput run it took) (default: ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(names = "--human", description = "also run the peer on the same clip, in the same run: @vladmandic/human 3.3.6 in Node"
            + " (WASM backend), its five models on every frame, caching off (bench/human; install it with " + HumanPeer.INSTALL + ")")
    boolean human;

    @Option(names = "--worker-stages", split = ",", paramLabel = "STAGE,..",
            description = "what the workers run: the model's stages (default), or e.g. 'all' (faces and the four built-in"
                    + " modalities: five models, as Human runs), with the model's own stages added where missing")
    List<String> workerStages;

    @Option(names = "--worker-process", description = "run the workers as a `fer worker` OS process (its own peak RSS and its"
            + " stage times from its /metrics) instead of inside the embedded JVM")
    boolean workerProcess;

    @Option(names = "--worker-java-opts", paramLabel = "OPTS", defaultValue = "-Xmx512m",
            description = "JVM options of the --worker-process worker (default: ${DEFAULT-VALUE})")
    String workerJavaOpts;

    @Option(names = "--max-lag", paramLabel = "ISO-8601", defaultValue = "PT1S",
            description = "the latency run replays the source as live cameras (wall-clock capture times, frames at the clip's"
                    + " rate, looped) that shed frames to hold this lag, as `fer ingest --max-lag` does; PT0S: paced files"
                    + " instead, which never shed (default: ${DEFAULT-VALUE})")
    Duration maxLag;

    @Option(names = "--live-seconds", paramLabel = "S", defaultValue = "40",
            description = "how long the live cameras of the latency run send (default: ${DEFAULT-VALUE})")
    int liveSeconds;

    @Option(names = "--latency-trace", paramLabel = "FILE",
            description = "also write every event of the latency run as a CSV line (subscriber, stream, track, the window's"
                    + " last frame, when it was read in seconds since the run began, latency in ms): the latency over time")
    Path latencyTrace;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        if (streams < 1) {
            throw new Fer.UserError("--streams needs at least 1");
        }
        if (detectEvery < 1) {
            throw new Fer.UserError("--detect-every needs at least 1");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fer")).setLevel(ch.qos.logback.classic.Level.WARN);
        ModelStore store = Generators.checked(models.store());
        String src = source != null ? source : SampleClip.ensure(store).toString();
        if (!src.contains("://") && !Files.isRegularFile(Path.of(src))) {
            throw new Fer.UserError(src + ": no such file");
        }
        Path modelDir = model != null ? model : DefaultModel.ensure(store, msg -> {});
        List<String> modelStages = Workers.stagesOf(modelDir);
        // the workers also run what the classifier reads (the default model reads faceapi, which Human's five lack)
        List<String> stages = workerStages == null ? modelStages
                : Stream.concat(Workers.expand(workerStages).stream(), modelStages.stream()).distinct().toList();
        List<String> modalities = stages.stream().filter(st -> !st.equals(Workers.FACES)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        Path humanHarness = HumanPeer.harnessDir();
        if (human) {
            HumanPeer.requireInstalled(humanHarness); // before minutes of pipeline runs, not after
        }
        try (PhaseLine progress = new PhaseLine("bench pipeline", human ? 5 : 4, System.err, Console.terminal())) {
            progress.phase("model-only bound of " + String.join(", ", stages));
            ModelOnlyBound.Result boundBefore = ModelOnlyBound.measure(store, src, modalities, Workers.DEFAULT_BATCH, detectEvery);

            progress.phase("starting the stack and warming it up (" + warmUp.toSeconds() + " s at least)");
            MeterRegistry registry = new SimpleMeterRegistry();
            try (EmbeddedStack stack = EmbeddedStack.forModel(store, modelDir).partitions(4).stages(stages)
                    .checkpointInterval(checkpointInterval).metrics(registry).detectEvery(detectEvery).workersInProcess(!workerProcess).start();
                    WorkerProcess worker = workerProcess ? WorkerProcess.start(stack.bootstrap(), stages, detectEvery,
                            List.of(workerJavaOpts.trim().split("\\s+"))) : null) {
                MeterSource meters = worker != null ? worker::meters : () -> PipelineFigures.meters(registry);
                EventSubscriber committed = new EventSubscriber(stack.bootstrap(), "read_committed");
                if (worker != null) {
                    committed.failWhen(worker::checkAlive); // a dead worker would leave every stream waiting out its timeout
                }
                EventSubscriber uncommitted = new EventSubscriber(stack.bootstrap(), "read_uncommitted");
                committed.start();
                uncommitted.start();
                long warmUpStart = System.nanoTime();
                int warmUpRounds = warmUp(stack.bootstrap(), src, committed, boundBefore.frames());
                double warmUpSeconds = (System.nanoTime() - warmUpStart) / 1e9;
                JitClock jit = JitClock.start();

                StageMeters before = meters.read();
                String first = modelStages.get(1);
                List<IngestStats> stats = new ArrayList<>();
                progress.phase("throughput: " + streams + " stream(s) as fast as they go",
                        () -> stats.stream().mapToLong(s -> s.published.get()).sum() + " frames read");
                long t0 = System.nanoTime();
                List<Thread> ingesters = new ArrayList<>();
                int rounds = BenchStreams.readsOfClip(minFrames, boundBefore.frames());
                for (int i = 0; i < streams; i++) {
                    IngestStats st = new IngestStats();
                    stats.add(st);
                    String id = "throughput-" + i;
                    ingesters.add(BenchStreams.started(() -> {
                        for (int r = 0; r < rounds; r++) {
                            BenchStreams.ingest(stack.bootstrap(), src, id + "-" + r, IngestConfig.DEFAULT, st);
                        }
                    }));
                }
                for (int i = 0; i < streams; i++) {
                    for (int r = 0; r < rounds; r++) {
                        committed.await("throughput-" + i + "-" + r, Duration.ofMinutes(30));
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                for (Thread t : ingesters) {
                    t.join();
                }
                long frames = stats.stream().mapToLong(s -> s.published.get()).sum();
                StageMeters after = meters.read();
                double faceFrames = after.items(first) - before.items(first);
                double jitShare = jit.shareOfOneCore();

                LatencyRun latencyRun = new LatencyRun(stack.bootstrap(), src, streams, maxLag, liveSeconds, latencyTrace);
                progress.phase("latency: " + latencyRun.describe(), () -> committed.latency.count() + " events");
                Map<String, Object> latency = new LinkedHashMap<>();
                latencyRun.run(committed, uncommitted, modelStages.subList(1, modelStages.size()), latency);
                // measured again after the runs (not between them: its threads and garbage would disturb the latency
                // run): this machine's speed drifts, and the mean of both follows it
                ModelOnlyBound.Result bound = boundBefore.meanWith(ModelOnlyBound.measure(store, src, modalities, Workers.DEFAULT_BATCH, detectEvery));

                out.put("source", src);
                out.put("streams", streams);
                out.put("modalities", modelStages.subList(1, modelStages.size()));
                out.put("worker_stages", stages);
                out.put("frames", frames);
                out.put("face_frames", Math.round(faceFrames));
                out.put("seconds", PipelineFigures.round(seconds));
                out.put("warm_up_frames", warmUpRounds * boundBefore.frames());
                out.put("warm_up_s", PipelineFigures.round(warmUpSeconds));
                // the compiler threads' time per second of the throughput run, in cores (this JVM's only)
                out.put("jit_share", Double.isNaN(jitShare) ? null : PipelineFigures.round3(jitShare));
                out.put("frames_per_s", PipelineFigures.round(frames / seconds));
                out.put("face_frames_per_s", PipelineFigures.round(faceFrames / seconds));
                out.put("model_only_per_s", PipelineFigures.round(bound.faceFramesPerSecond()));
                out.put("ratio", PipelineFigures.round3(faceFrames / seconds / bound.faceFramesPerSecond()));
                // the same models on the work this pipeline does (the detector's calls as the face stage makes them: key
                // frames, zoomed regions for small faces): what is left is overhead
                double sameWork = bound.faceFramesPerSecondSameWork();
                out.put("detect_every", detectEvery);
                out.put("detector_inputs_per_frame", PipelineFigures.round3(bound.facesAsStagedInputs() / (double) bound.frames()));
                out.put("model_only_same_work_per_s", PipelineFigures.round(sameWork));
                out.put("ratio_same_work", PipelineFigures.round3(faceFrames / seconds / sameWork));
                out.putAll(latency);
                out.put("checkpoint_interval_ms", checkpointInterval.toMillis());
                out.put("stages", PipelineFigures.breakdown(before.times(), after.times(), bound, faceFrames));
                Map<String, Object> rss = new LinkedHashMap<>();
                if (worker != null) {
                    rss.put("embedded (broker, classifier in one JVM)", PipelineFigures.peakRssMb());
                    rss.put("worker (" + String.join(", ", stages) + "; " + workerJavaOpts + ")", worker.peakRssMb());
                } else {
                    rss.put("embedded (broker, workers, classifier in one JVM)", PipelineFigures.peakRssMb());
                }
                out.put("rss_mb", rss);
            }
            String vsHuman = "";
            if (human) {
                progress.phase("Human 3.3.6 (Node, WASM, five models, no caching) on the same clip");
                Map<String, Object> peer = HumanPeer.run(src, humanHarness);
                double peerRate = ((Number) peer.get("face_frames_per_s")).doubleValue();
                out.put("human", peer);
                out.put("x_human", PipelineFigures.round(((Number) out.get("face_frames_per_s")).doubleValue() / peerRate));
                vsHuman = String.format(Locale.ROOT, ", %.1fx Human's %.1f/s", out.get("x_human"), peerRate);
            }
            progress.result(String.format(Locale.ROOT, "%.1f face-frames/s (%.2f of the model-only %.1f/s%s), latency p99 %.0f ms committed,"
                    + " %.0f ms uncommitted", out.get("face_frames_per_s"), out.get("ratio"), out.get("model_only_per_s"), vsHuman,
                    ((Map<?, ?>) out.get("latency_ms")).get("p99"), ((Map<?, ?>) out.get("latency_uncommitted_ms")).get("p99")));
        }
        System.out.println(json ? new ObjectMapper().writeValueAsString(out) : new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }

    /** Where the worker stages' meters come from: this JVM's registry or a worker process's /metrics. */
    @FunctionalInterface
    private interface MeterSource {
        StageMeters read() throws Exception;
    }

    /**
     * Reads the clip as new streams, as fast as they go, one read ahead of the one awaited, until at least
     * --warm-up-frames frames and --warm-up have gone by. Returns how many reads of the clip it took.
     */
    private int warmUp(String bootstrap, String src, EventSubscriber committed, int clipFrames) throws InterruptedException {
        long until = System.nanoTime() + warmUp.toNanos();
        int minReads = BenchStreams.readsOfClip(warmUpFrames, clipFrames);
        BenchStreams.ingest(bootstrap, src, "warm-up-0", IngestConfig.DEFAULT, null);
        int reads = 1;
        while (reads < minReads || System.nanoTime() < until) {
            BenchStreams.ingest(bootstrap, src, "warm-up-" + reads, IngestConfig.DEFAULT, null);
            committed.await("warm-up-" + (reads - 1), Duration.ofMinutes(10));
            reads++;
        }
        committed.await("warm-up-" + (reads - 1), Duration.ofMinutes(10));
        return reads;
    }
}
