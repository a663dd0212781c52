package io.fer.launcher;

import io.fer.schemas.Topics;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.stage.MetricsServer;
import io.fer.workers.stage.StageLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
            description = "faces, expression, appearance, geometry, pose or all; comma-separated (default: ${DEFAULT-VALUE})")
    List<String> stages;

    @Option(names = "--modality", paramLabel = "SPEC",
            description = "a generic modality: name=N,path=MODEL(.json or SavedModel dir),input=face|context,size=S,range=0..1|-1..1|0..255,output=NODE")
    List<String> generic = new ArrayList<>();

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", paramLabel = "HOST:PORT", description = "Kafka (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--batch", defaultValue = "32", description = "faces per model call at most (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--metrics-port", defaultValue = "9400", description = "Prometheus endpoint /metrics; 0 picks a free port (default: ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--instance-id", paramLabel = "NAME",
            description = "this worker's name, unique among the running workers of a stage (default: host-pid); give a"
                    + " restarted worker the same name and it aborts what its killed predecessor left uncommitted at once"
                    + " (otherwise the broker does after 10 s)")
    String instanceId;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        var store = Generators.checked(models.store());
        List<String> expanded = Workers.expand(stages);
        TopicCreator.ensure(bootstrap, Topics.all(1, Workers.modalityNames(expanded, generic)));
        try (MetricsServer metrics = new MetricsServer(metricsPort)) {
            System.err.println("worker: metrics on http://localhost:" + metrics.port() + "/metrics");
            List<StageLoop> loops = Workers.build(expanded, generic, store, bootstrap, Generators.options(device, 0), batch,
                    metrics.registry(), "fer-", instanceId != null ? instanceId : StageLoop.defaultInstance());
            List<Thread> threads = new ArrayList<>();
            for (StageLoop l : loops) {
                Thread t = new Thread(l, "fer-stage");
                t.start();
                threads.add(t);
            }
            // SIGTERM: each stage finishes and commits its round, then leaves its group
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                loops.forEach(StageLoop::close);
                for (StageLoop l : loops) {
                    try {
                        l.awaitStopped(java.time.Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            for (Thread t : threads) {
                t.join();
            }
            return loops.stream().anyMatch(l -> l.failure() != null) ? 1 : 0;
        }
    }
}
