package io.fer.schemas.kafka;

import io.fer.schemas.Topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the project's topics explicitly (partitions, replication, max.message.bytes), skipping those that exist.
 * Replication 0 means "as many brokers as there are, at most 3"; with 3 or more replicas min.insync.replicas is 2, so
 * an acknowledged write survives the loss of a broker.
 */
public final class TopicCreator {
    private static final long TIMEOUT_S = 30;

    private TopicCreator() {}

    /**
     * What exists afterwards: created, already there (with a different partition count: a warning for the user), and
     * topics that were there keeping records longer than asked (a warning for whoever set the retention).
     */
    public record Outcome(List<String> created, List<String> existing, List<String> warnings, List<String> longerRetention) {}

    public static Outcome ensure(String bootstrap, List<TopicSpec> specs) {
        return ensure(KafkaSettings.of(bootstrap), specs);
    }

    public static Outcome ensure(KafkaSettings kafka, List<TopicSpec> specs) {
        Map<String, Object> props = new HashMap<>(kafka.admin());
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS).size();
            List<NewTopic> missing = new ArrayList<>();
            List<String> created = new ArrayList<>();
            List<String> there = new ArrayList<>();
            for (TopicSpec s : specs) {
                if (existing.contains(s.name())) {
                    there.add(s.name());
                    continue;
                }
                short rf = s.replication() > 0 ? s.replication() : (short) Math.max(1, Math.min(3, brokers));
                if (rf > brokers) {
                    throw new IllegalArgumentException("replication factor " + rf + " for " + s.name() + ", but the cluster has "
                            + brokers + " broker(s)");
                }
                Map<String, String> configs = new HashMap<>(s.configs());
                if (rf >= 3) {
                    configs.putIfAbsent("min.insync.replicas", "2");
                }
                missing.add(new NewTopic(s.name(), s.partitions(), rf).configs(configs));
                created.add(s.name());
            }
            if (!missing.isEmpty()) {
                for (var f : admin.createTopics(missing).values().entrySet()) {
                    try {
                        f.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                        // another process (a worker, the classifier, ingest starting beside it) created it meanwhile
                        created.remove(f.getKey());
                        there.add(f.getKey());
                    }
                }
            }
            List<String> warnings = new ArrayList<>();
            if (!there.isEmpty()) {
                Map<String, TopicDescription> d = admin.describeTopics(there).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
                for (TopicSpec s : specs) {
                    TopicDescription t = d.get(s.name());
                    if (t != null && t.partitions().size() != s.partitions()) {
                        warnings.add(s.name() + " exists with " + t.partitions().size() + " partition(s), not " + s.partitions());
                    }
                }
            }
            return new Outcome(created, there, warnings, there.isEmpty() ? List.of() : longerRetention(admin, specs, there));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics on " + kafka + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + kafka + ": no answer within " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Topics made earlier (or by someone else) that keep records longer than asked: they hold faces longer than the user thinks. */
    private static List<String> longerRetention(Admin admin, List<TopicSpec> specs, List<String> there)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = there.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<String> out = new ArrayList<>();
        for (TopicSpec s : specs) {
            String asked = s.configs().get("retention.ms");
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()));
            ConfigEntry has = c == null ? null : c.get("retention.ms");
            if (asked != null && has != null && has.value() != null && retentionMs(has.value()) > Long.parseLong(asked)) {
                out.add(s.name() + " exists and keeps records " + readable(retentionMs(has.value())) + ", not " + readable(Long.parseLong(asked))
                        + ": kafka-configs.sh --alter --entity-type topics --entity-name " + s.name() + " --add-config retention.ms=" + asked
                        + ",segment.ms=" + s.configs().get("segment.ms"));
            }
        }
        return out;
    }

    private static long retentionMs(String value) {
        long v = Long.parseLong(value);
        return v < 0 ? Long.MAX_VALUE : v; // -1: forever
    }

    static String readable(long ms) {
        if (ms == Long.MAX_VALUE) {
            return "forever";
        }
        Duration d = Duration.ofMillis(ms);
        return d.toDays() >= 2 ? d.toDays() + " days" : d.toHours() >= 2 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }
}
