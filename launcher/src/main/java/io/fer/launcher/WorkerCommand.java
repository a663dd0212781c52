package io.fer.launcher;

import io.fer.schemas.Topics;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.stage.ExpressionStage;
import io.fer.workers.stage.FaceStage;
import io.fer.workers.stage.StageConfig;
import io.fer.workers.stage.StageLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer worker: run feature-worker stages against a real Kafka until interrupted. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run feature-worker stages (consumer group per stage; start more to scale out).")
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--stage", defaultValue = "all", description = "faces, expression or all (default: ${DEFAULT-VALUE})")
    String stage;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Mixin ModelsOptions models;

    @Override
    public Integer call() throws Exception {
        var store = models.store();
        TopicCreator.ensure(bootstrap, Topics.all(1, List.of(ExpressionStage.MODALITY)));
        List<StageLoop> loops = new ArrayList<>();
        if (stage.equals("faces") || stage.equals("all")) {
            loops.add(new StageLoop(FaceStage.NAME, bootstrap, Topics.FRAMES,
                    new FaceStage(new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT), StageConfig.DEFAULT)));
        }
        if (stage.equals("expression") || stage.equals("all")) {
            loops.add(new StageLoop(ExpressionStage.MODALITY, bootstrap, Topics.FACES, new ExpressionStage(new ExpressionModel(store))));
        }
        if (loops.isEmpty()) {
            throw new Fer.UserError("unknown stage '" + stage + "': use faces, expression or all");
        }
        List<Thread> threads = new ArrayList<>();
        for (StageLoop l : loops) {
            Thread t = new Thread(l, "fer-stage");
            t.start();
            threads.add(t);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> loops.forEach(StageLoop::close)));
        for (Thread t : threads) {
            t.join();
        }
        return loops.stream().anyMatch(l -> l.failure() != null) ? 1 : 0;
    }
}
