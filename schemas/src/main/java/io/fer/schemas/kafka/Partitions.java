package io.fer.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Readers that take whole topics by assignment (no consumer group): subscribers' tools, reports, benchmarks. */
public final class Partitions {
    private Partitions() {}

    /** Assigns every partition of the topics (waiting up to 30 s for their metadata) and returns them; empty if none exist. */
    public static List<TopicPartition> assignAll(Consumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(parts);
        return parts;
    }
}
