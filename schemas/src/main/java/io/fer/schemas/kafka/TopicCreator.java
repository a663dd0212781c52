package io.fer.schemas.kafka;

import io.fer.schemas.Topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the project's topics explicitly (partitions, max.message.bytes), skipping those that exist. */
public final class TopicCreator {
    private TopicCreator() {}

    public static void ensure(String bootstrap, List<TopicSpec> specs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = specs.stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), (short) 1).configs(s.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrap + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
