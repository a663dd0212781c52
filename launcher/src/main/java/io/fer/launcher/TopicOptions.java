package io.fer.launcher;

import io.fer.schemas.Topics;
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

    void validate() {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        if (replication < 0) {
            throw new IllegalArgumentException("--replication-factor must be 0 (automatic) or more");
        }
    }
}
