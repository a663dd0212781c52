package io.fer.workers.stage;

import io.fer.schemas.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes face crops from fer.faces as soon as every stage that reads them has committed past them ({@link
 * ConsumedPrefix}): with {@code fer worker --no-face-crops} a crop lives in Kafka only while a modality stage of this
 * worker still needs it, not for the topic's retention. It moves the partitions' start offsets forward
 * (Admin.deleteRecords); nothing else reads the crops then (no dashboard thumbnails, no report strips).
 */
public final class FaceCropReaper implements AutoCloseable {
    private final Admin admin;
    private final String topic;
    private final List<String> readerGroups;
    private final Consumer<String> log;
    private final Map<Integer, Long> deleted = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long deletedRecords;
    private boolean warned;

    public FaceCropReaper(KafkaSettings kafka, List<String> readerGroups, Duration every, Consumer<String> log) {
        this.admin = Admin.create(kafka.admin());
        this.topic = kafka.topics().faces();
        this.readerGroups = List.copyOf(readerGroups);
        this.log = log;
        this.thread = new Thread(() -> loop(every), "fer-face-crop-reaper");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Duration every) {
        while (running) {
            try {
                reapOnce();
            } catch (Exception e) {
                if (!warned) {
                    warned = true; // once: a missing DELETE ACL would otherwise repeat every few seconds
                    log.accept("cannot delete consumed face crops from " + topic + " (" + e.getMessage() + "); they stay for the"
                            + " topic's retention");
                }
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass: the readers' committed offsets, then records before their minimum deleted. */
    void reapOnce() throws Exception {
        Map<String, Map<Integer, Long>> committed = new HashMap<>();
        for (String group : readerGroups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<Integer, Long> mine = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    mine.put(tp.partition(), om.offset());
                }
            });
            committed.put(group, mine);
        }
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        Map<Integer, Long> cut = ConsumedPrefix.deletable(readerGroups, committed,
                IntStream.range(0, partitions).boxed().toList(), deleted);
        if (cut.isEmpty()) {
            return;
        }
        Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
        cut.forEach((p, offset) -> request.put(new TopicPartition(topic, p), RecordsToDelete.beforeOffset(offset)));
        admin.deleteRecords(request).all().get(30, TimeUnit.SECONDS);
        cut.forEach((p, offset) -> deletedRecords += offset - deleted.getOrDefault(p, 0L));
        deleted.putAll(cut);
    }

    /** Records deleted so far (offsets passed, transaction markers included). */
    public long deletedRecords() {
        return deletedRecords;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
