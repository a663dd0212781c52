package io.fer.launcher;

import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.modality.Modalities;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer topics create: the deployment's topics, made once by an operator or a one-shot init container. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage the deployment's Kafka topics.",
        subcommands = {TopicsCommand.Create.class})
public final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create the topics the pipeline uses (those that exist are left as they are, and named when they keep"
                    + " records longer than asked): frames, faces, the face stage's state (compacted), one embedding topic per"
                    + " modality, emotions, summaries, dlq.",
                    "Frames, faces, embeddings and dead letters (images and face vectors of people) are kept --media-retention"
                    + " (1 hour by default), emotions and summaries --event-retention (7 days).",
                    "Replication 0 takes as many brokers as the cluster has, at most 3, and then sets min.insync.replicas=2."})
    static final class Create implements Callable<Integer> {
        @Mixin KafkaOptions kafkaOptions;

        @Mixin TopicOptions topicOptions;

        @Option(names = "--modalities", split = ",", paramLabel = "NAME",
                description = "modalities with an embedding topic (default: every built-in one)")
        List<String> modalities;

        @Override
        public Integer call() {
            topicOptions.validate();
            KafkaSettings kafka = kafkaOptions.settings();
            List<String> names = modalities != null ? modalities : Modalities.BUILT_IN;
            TopicCreator.Outcome o = TopicCreator.ensure(kafka, Topics.all(kafka.topics(), topicOptions.partitions,
                    topicOptions.replication, names, topicOptions.retention()));
            o.longerRetention().forEach(w -> System.err.println("topics: warning: " + w));
            o.warnings().forEach(w -> System.err.println("topics: warning: " + w));
            System.err.println("topics: " + o.created().size() + " created " + o.created() + ", " + o.existing().size()
                    + " already there, on " + kafka);
            return 0;
        }
    }
}
