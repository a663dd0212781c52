package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.process.OsProcess;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.schemas.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fer topics create, as an operator runs it: frames, faces and face vectors are kept an hour, events their own time. */
class TopicsRetentionITCase {
    private static final long ONE_DAY_MS = Duration.ofDays(1).toMillis();

    private static Map<String, Config> configs(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeConfigs(topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get()
                    .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
        }
    }

    private static long ms(Config c, String key) {
        return Long.parseLong(c.get(key).value());
    }

    @Test
    void mediaTopicsKeepRecordsAnHourByDefaultAndLongerRetentionIsReported(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String b = broker.bootstrapServers();
            OsProcess create = OsProcess.java("topics-create", dir, List.of("-Xmx256m"), "io.fer.launcher.Fer",
                    List.of("topics", "create", "--bootstrap", b, "--modalities", "expression,appearance"));
            assertThat(create.awaitExit(Duration.ofMinutes(1))).as(create.tail()).isZero();

            Map<String, Config> c = configs(b, List.of(Topics.FRAMES, Topics.FACES, "fer.emb.expression", "fer.emb.appearance", Topics.DLQ,
                    Topics.EMOTIONS, Topics.SUMMARIES));
            for (String media : List.of(Topics.FRAMES, Topics.FACES, "fer.emb.expression", "fer.emb.appearance", Topics.DLQ)) {
                assertThat(ms(c.get(media), "retention.ms")).as(media).isEqualTo(Duration.ofHours(1).toMillis()).isLessThanOrEqualTo(ONE_DAY_MS);
                // segments roll often enough for the broker to delete them soon after they expire
                assertThat(ms(c.get(media), "segment.ms")).as(media).isEqualTo(Duration.ofMinutes(15).toMillis());
            }
            assertThat(ms(c.get(Topics.EMOTIONS), "retention.ms")).isEqualTo(Duration.ofDays(7).toMillis());
            assertThat(c.get(Topics.SUMMARIES).get("cleanup.policy").value()).isEqualTo("compact,delete");
            assertThat(ms(c.get(Topics.SUMMARIES), "retention.ms")).isEqualTo(Duration.ofDays(7).toMillis());

            OsProcess custom = OsProcess.java("topics-custom", dir, List.of("-Xmx256m"), "io.fer.launcher.Fer", List.of("topics", "create",
                    "--bootstrap", b, "--topic-prefix", "site2.", "--modalities", "expression", "--media-retention", "PT10M",
                    "--event-retention", "P1D"));
            assertThat(custom.awaitExit(Duration.ofMinutes(1))).as(custom.tail()).isZero();
            Map<String, Config> s2 = configs(b, List.of("site2.frames", "site2.emotions"));
            assertThat(ms(s2.get("site2.frames"), "retention.ms")).isEqualTo(Duration.ofMinutes(10).toMillis());
            assertThat(ms(s2.get("site2.emotions"), "retention.ms")).isEqualTo(ONE_DAY_MS);

            // topics made earlier with a longer retention are left alone and named, with the command that shortens them
            TopicCreator.Outcome again = TopicCreator.ensure(KafkaSettings.of(b), Topics.all(new TopicNames("site2."), 1, (short) 0,
                    List.of("expression"), new Topics.Retention(Duration.ofMinutes(5), Duration.ofDays(1))));
            assertThat(again.created()).isEmpty();
            assertThat(again.longerRetention()).anySatisfy(w -> assertThat(w).startsWith("site2.frames exists and keeps records 10 minutes,"
                    + " not 5 minutes").contains("--add-config retention.ms=300000"));
            assertThat(again.longerRetention()).noneMatch(w -> w.startsWith("site2.emotions"));

            OsProcess tooShort = OsProcess.java("topics-short", dir, List.of("-Xmx256m"), "io.fer.launcher.Fer", List.of("topics", "create",
                    "--bootstrap", b, "--media-retention", "PT5S"));
            assertThat(tooShort.awaitExit(Duration.ofMinutes(1))).isNotZero();
            assertThat(tooShort.tail()).contains("one minute or more");
        }
    }
}
