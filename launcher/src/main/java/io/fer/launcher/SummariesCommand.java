package io.fer.launcher;

import io.fer.schemas.Topics;
import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.summaries.SummariesService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer summaries: the Kafka Streams summariser, with its interactive queries over HTTP. */
@Command(name = "summaries", mixinStandardHelpOptions = true,
        description = {"Summarise fer.emotions per track and per stream with Kafka Streams (exactly_once_v2, changelogged"
                + " stores): dominant emotion, time-weighted shares, the current emotion with hysteresis, start and end,"
                + " transitions. Changes go to fer.summaries (Avro EmotionSummary); queries over HTTP:",
                "GET /streams, /streams/{id}, /streams/{id}/tracks/{track}. Start more instances to share the partitions."})
public final class SummariesCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafkaOptions;

    @Mixin TopicOptions topicOptions;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port of the queries (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = HttpAccess.LOOPBACK, paramLabel = "ADDRESS", description = "address the queries bind:"
            + " this machine only by default; 0.0.0.0 for every interface, then give --auth-token-file (default: ${DEFAULT-VALUE})")
    String host;

    @Mixin HttpAccessOptions httpAccess;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state (default: ~/.local/share/fer/summaries)")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        topicOptions.validate();
        KafkaSettings kafka = kafkaOptions.settings();
        TopicCreator.ensure(kafka, Topics.all(kafka.topics(), topicOptions.partitions, topicOptions.replication, List.of(),
                topicOptions.retention()))
                .warnings().forEach(w -> System.err.println("summaries: " + w));
        Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".local", "share", "fer", "summaries");
        CountDownLatch stop = new CountDownLatch(1);
        HttpAccess access = httpAccess.access(host);
        try (SummariesService service = new SummariesService(kafka, dir, access, port)) {
            Termination.install(stop::countDown);
            service.start();
            access.exposure("per-person emotion summaries").ifPresent(w -> System.err.println("summaries: warning: " + w));
            System.err.println("summaries: queries on " + access.scheme() + "://" + access.displayHost() + ":" + service.port() + "/streams");
            stop.await();
        }
        return 0;
    }
}
