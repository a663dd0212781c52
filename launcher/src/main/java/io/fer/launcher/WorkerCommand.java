package io.fer.launcher;

import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.Topics;
import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.Workers;
import io.fer.workers.face.SmallFaceSearch;
import io.fer.workers.modality.GenericModality;
import io.fer.workers.stage.FaceCropReaper;
import io.fer.workers.stage.MetricsServer;
import io.fer.workers.stage.StageConfig;
import io.fer.workers.stage.StageLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer worker: feature-worker stages against a real Kafka until interrupted. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run feature-worker stages: faces (fer.frames -> fer.faces) and modalities (fer.faces -> fer.emb.NAME).",
                "Each stage is a consumer group: start more workers to share the partitions. Each round's outputs and input"
                        + " offsets commit in one Kafka transaction (exactly once for read_committed readers); the face"
                        + " stage's trackers are restored from fer.state.faces after a restart or rebalance."})
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--stage", split = ",", defaultValue = "all",
            description = "faces, expression, appearance, geometry, pose, all, or model (faces and the modalities --model"
                    + " reads, so no stage runs for nothing); comma-separated (default: ${DEFAULT-VALUE})")
    List<String> stages;

    @Option(names = "--model", paramLabel = "DIR", description = "with --stage model: the temporal model (default: the default model)")
    Path model;

    @Option(names = "--modality", paramLabel = "SPEC",
            description = "a generic modality: name=N,path=MODEL(.json or SavedModel dir),input=face|context,size=S,range=0..1|-1..1|0..255,output=NODE")
    List<String> generic = new ArrayList<>();

    @Mixin KafkaOptions kafkaOptions;

    @Mixin TopicOptions topicOptions;

    @Option(names = "--batch", defaultValue = "" + Workers.DEFAULT_BATCH, description = "faces per model call at most (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--metrics-port", defaultValue = "9400", description = "Prometheus endpoint /metrics; 0 picks a free port (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = HttpAccess.LOOPBACK, paramLabel = "ADDRESS",
            description = "address the metrics endpoint binds: this machine only by default; 0.0.0.0 every interface (default: ${DEFAULT-VALUE})")
    String metricsHost;

    @Mixin HttpAccessOptions metricsAccess;

    @Option(names = "--instance-id", paramLabel = "NAME",
            description = "this worker's name, unique among the running workers of a stage (default: host-pid); give a"
                    + " restarted worker the same name and it aborts what its killed predecessor left uncommitted at once"
                    + " (otherwise the broker does after 10 s)")
    String instanceId;

    @Option(names = "--detect-every", defaultValue = "" + StageConfig.DEFAULT_DETECT_EVERY, paramLabel = "N",
            description = "faces stage: run the detector on every Nth frame and carry faces (moved by their velocity) over the"
                    + " frames between; every modality still sees every frame. 1 detects on all (default: ${DEFAULT-VALUE})")
    int detectEvery;

    @Option(names = "--min-face", defaultValue = "" + SmallFaceSearch.DEFAULT_MIN_FACE, paramLabel = "PX",
            description = "faces stage: the smallest face to find (pixels of the frame). Faces too small for the detector's"
                    + " whole-frame pass are looked for in zoomed tiles (when a key frame shows no face, on a stream's first key"
                    + " frame and every --scan-every frames) and kept tracked with one zoomed region each; 0 turns the zoomed pass"
                    + " off (default: ${DEFAULT-VALUE})")
    int minFace;

    @Option(names = "--scan-every", defaultValue = "" + SmallFaceSearch.DEFAULT_SCAN_EVERY_FRAMES, paramLabel = "N",
            description = "faces stage: frames between two tiled scans for small faces beside the faces already found (default:"
                    + " ${DEFAULT-VALUE})")
    int scanEvery;

    @Option(names = "--context-crops", defaultValue = "auto", paramLabel = "auto|on|off",
            description = "faces stage: publish the upper-body crop context modalities (pose) read. auto: when this worker runs"
                    + " such a modality or runs the faces stage alone (default: ${DEFAULT-VALUE})")
    String contextCrops;

    @Option(names = "--no-face-crops", description = "delete face crops from the faces topic as soon as every modality stage of this"
            + " worker has committed past them, instead of keeping them for the topic's retention (needs the faces stage and the"
            + " stages reading its crops in this worker, e.g. --stage model; the dashboard and reports then show no crops)")
    boolean noFaceCrops;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        topicOptions.validate();
        if (detectEvery < 1) {
            throw new Fer.UserError("--detect-every needs at least 1");
        }
        Boolean contexts = onOff(contextCrops);
        if ((minFace != 0 && minFace < 16) || scanEvery < 1) {
            throw new Fer.UserError("--min-face needs 0 (off) or at least 16 px, --scan-every at least 1 frame");
        }
        TfGraph.TfOptions deviceOptions = Generators.options(device, 0);
        var store = Generators.checked(models.store());
        KafkaSettings kafka = kafkaOptions.settings();
        List<String> expanded = Workers.expand(forModel(stages, store));
        TopicCreator.ensure(kafka, Topics.all(kafka.topics(), topicOptions.partitions, topicOptions.replication,
                Workers.modalityNames(expanded, generic), topicOptions.retention())).warnings().forEach(w -> System.err.println("worker: " + w));
        List<String> cropReaders = cropReaders(expanded, kafka);
        HttpAccess access = metricsAccess.access(metricsHost);
        try (MetricsServer metrics = new MetricsServer(access, metricsPort);
                FaceCropReaper reaper = cropReaders.isEmpty() ? null
                        : new FaceCropReaper(kafka, cropReaders, Duration.ofSeconds(2), w -> System.err.println("worker: warning: " + w))) {
            System.err.println("worker: metrics on " + access.scheme() + "://" + metrics.host() + ":" + metrics.port() + "/metrics");
            List<StageLoop> loops = Workers.build(expanded, generic, store, kafka, deviceOptions, batch,
                    metrics.registry(), instanceId != null ? instanceId : StageLoop.defaultInstance(),
                    Workers.faceStageConfig(expanded, generic, contexts, detectEvery).withSmallFaces(minFace == 0
                            ? SmallFaceSearch.OFF : new SmallFaceSearch(minFace, scanEvery)));
            // SIGTERM: each stage finishes and commits its round, then leaves its group; the process exits 0
            Termination term = Termination.install(() -> loops.forEach(StageLoop::close));
            CountDownLatch anyStopped = new CountDownLatch(1);
            for (StageLoop l : loops) {
                Thread t = new Thread(() -> {
                    try {
                        l.run();
                    } finally {
                        anyStopped.countDown();
                    }
                }, "fer-stage-" + l.name());
                t.start();
            }
            // the models are loaded: from here on the stages consume (what scripts and tests wait for)
            System.err.println("worker: running " + String.join(", ", loops.stream().map(StageLoop::name).toList()));
            anyStopped.await();
            // one stage stopped: by a signal, or failed. A process never stays up with a dead stage.
            loops.forEach(StageLoop::close);
            for (StageLoop l : loops) {
                if (!l.awaitStopped(Duration.ofSeconds(20))) {
                    System.err.println("fer worker: stage " + l.name() + " did not stop within 20 s");
                    return 1;
                }
            }
            for (StageLoop l : loops) {
                if (l.failure() != null) {
                    System.err.println("fer worker: stage " + l.name() + " failed: " + oneLine(l.failure()));
                    return 1;
                }
            }
            System.err.println("worker: stopped" + (term.requested() ? " (" + term.signal() + ")" : ""));
            return 0;
        }
    }

    /** The consumer groups that read this worker's face crops, when --no-face-crops asks for them to go once read. */
    private List<String> cropReaders(List<String> expanded, KafkaSettings kafka) {
        if (!noFaceCrops) {
            return List.of();
        }
        List<String> readers = new ArrayList<>();
        expanded.stream().filter(s -> !s.equals(Workers.FACES)).forEach(s -> readers.add(kafka.group(s)));
        generic.forEach(g -> readers.add(kafka.group(GenericModality.Spec.parse(g).name())));
        if (!expanded.contains(Workers.FACES) || readers.isEmpty()) {
            throw new Fer.UserError("--no-face-crops needs the faces stage and the stages reading its crops in this worker (e.g."
                    + " --stage model): only then does the worker know when no one needs a crop any more");
        }
        return readers;
    }

    private static Boolean onOff(String v) {
        return switch (v) {
            case "auto" -> null;
            case "on" -> true;
            case "off" -> false;
            default -> throw new Fer.UserError("--context-crops takes auto, on or off, not '" + v + "'");
        };
    }

    /** "model" becomes faces and the modalities the model reads. */
    private List<String> forModel(List<String> requested, ModelStore store) throws Exception {
        if (!requested.contains("model")) {
            return requested;
        }
        Path dir = model != null ? model : DefaultModel.ensure(store, msg -> System.err.println("worker: " + msg));
        List<String> out = new ArrayList<>();
        for (String s : requested) {
            if (s.equals("model")) {
                out.addAll(Workers.stagesOf(dir));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
