package io.fer.launcher;

import io.fer.schemas.Topics;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How topics are created where a command creates missing ones. */
public final class TopicOptions {
    @Option(names = "--partitions", defaultValue = "" + Topics.DEFAULT_PARTITIONS,
            description = "partitions of new topics: up to this many workers of a stage share the work (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "0",
            description = "replicas of new topics; 0: as many as there are brokers, at most 3 (then min.insync.replicas=2)"
                    + " (default: ${DEFAULT-VALUE})")
    short replication;

    @Option(names = "--media-retention", defaultValue = "PT1H", paramLabel = "DURATION",
            description = "how long new frame, face, embedding and dead-letter topics keep records: images and face vectors of"
                    + " people (ISO-8601; longer than the longest outage a stage may catch up from; default: ${DEFAULT-VALUE})")
    Duration mediaRetention;

    @Option(names = "--event-retention", defaultValue = "P7D", paramLabel = "DURATION",
            description = "how long new emotion and summary topics keep records (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration eventRetention;

    Topics.Retention retention() {
        try {
            return new Topics.Retention(mediaRetention, eventRetention);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--media-retention/--event-retention: " + e.getMessage());
        }
    }

    void validate() {
        retention();
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        if (replication < 0) {
            throw new IllegalArgumentException("--replication-factor must be 0 (automatic) or more");
        }
    }
}
