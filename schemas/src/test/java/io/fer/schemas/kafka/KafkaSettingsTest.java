package io.fer.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @Test
    void clientPropertiesComeFromTheFileWithSecretsFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, """
                bootstrap.servers=broker1:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=ScramLoginModule required username="fer" password="${env:FER_PW}";
                """);
        Map<String, String> env = Map.of("FER_PW", "s3cr\\$t");
        KafkaSettings k = KafkaSettings.load(null, f, "prod.", "p-", env::get);
        assertThat(k.bootstrap()).isEqualTo("broker1:9093");
        assertThat(k.client()).doesNotContainKey("bootstrap.servers");
        assertThat(k.client().get("sasl.jaas.config")).endsWith("password=\"s3cr\\$t\";");
        assertThat(k.producer()).containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "broker1:9093")
                .containsEntry("acks", "all");
        assertThat(k.consumer("g")).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("group.id", "g");
        assertThat(k.topics().frames()).isEqualTo("prod.frames");
        assertThat(k.group("faces")).isEqualTo("p-faces");
        assertThat(k.toString()).doesNotContain("s3cr").contains("SASL_SSL");
        // --bootstrap wins over the file
        assertThat(KafkaSettings.load("other:1", f, null, null, env::get).bootstrap()).isEqualTo("other:1");
    }

    @Test
    void anUnsetVariableOrAMissingFileIsAClearError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "sasl.jaas.config=x password=\"${env:NOPE}\";\n");
        assertThatThrownBy(() -> KafkaSettings.load("b:1", f, null, null, n -> null))
                .hasMessageContaining("${env:NOPE}").hasMessageContaining("not set");
        assertThatThrownBy(() -> KafkaSettings.load("b:1", dir.resolve("missing"), null, null, n -> null))
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> KafkaSettings.load(null, null, null, null, n -> null)).hasMessageContaining("no Kafka bootstrap");
    }

    @Test
    void theEnvironmentCanNameTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "bootstrap.servers=x:1\nsecurity.protocol=SSL\n");
        KafkaSettings k = KafkaSettings.load(null, null, null, null, n -> n.equals(KafkaSettings.CONFIG_ENV) ? f.toString() : null);
        assertThat(k.client()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void topicNamesFollowThePrefix() {
        TopicNames n = new TopicNames("a.");
        assertThat(n.of("fer.emb.expression")).isEqualTo("a.emb.expression").isEqualTo(n.embedding("expression"));
        assertThat(n.modalityOf("a.emb.geometry")).isEqualTo("geometry");
        assertThat(n.modalityOf("fer.emb.geometry")).isNull();
        assertThat(TopicNames.DEFAULT.dlq()).isEqualTo("fer.dlq");
        assertThatThrownBy(() -> new TopicNames("bad prefix/")).hasMessageContaining("topic prefix");
    }
}
