package io.fer.launcher.report;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads fer.faces from its start to its current end (read_committed, no group) into thumbnails of some streams. */
public final class FaceThumbnailReader {
    private FaceThumbnailReader() {}

    public static FaceThumbnails read(KafkaSettings kafka, Set<String> streams, FaceThumbnails into) {
        AvroSerde<FaceBatch> serde = AvroSerde.faces();
        try (var consumer = new KafkaConsumer<String, byte[]>(kafka.reader())) {
            List<TopicPartition> parts = Partitions.assignAll(consumer, List.of(kafka.topics().faces()));
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    // keys are stream ids: skip other streams without decoding their crops
                    if (r.value() != null && streams.contains(r.key())) {
                        FaceBatch b = serde.decode(r.value());
                        if (streams.contains(b.getStreamId())) {
                            into.add(b);
                        }
                    }
                }
            }
        }
        return into;
    }
}
