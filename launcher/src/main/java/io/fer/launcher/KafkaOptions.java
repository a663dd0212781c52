package io.fer.launcher;

import io.fer.schemas.kafka.KafkaSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reaches Kafka: shared by every command that talks to a broker. */
public final class KafkaOptions {
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: bootstrap.servers in --kafka-config, else " + DEFAULT_BOOTSTRAP + ")")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, timeouts); values may use ${env:NAME}."
                    + " Default: the file $" + KafkaSettings.CONFIG_ENV + " names. Secrets belong here or in the environment,"
                    + " never on the command line")
    Path kafkaConfig;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "fer.",
            description = "topic names are PREFIX + frames, faces, emb.MODALITY, emotions, dlq, ... (default: ${DEFAULT-VALUE})")
    String topicPrefix;

    @Option(names = "--group-prefix", paramLabel = "PREFIX", defaultValue = KafkaSettings.DEFAULT_GROUP_PREFIX,
            description = "consumer groups and transactional ids start with this (default: ${DEFAULT-VALUE})")
    String groupPrefix;

    @Option(names = "--schema-registry", paramLabel = "URL",
            description = "write (and read) the events and summaries in the Confluent wire format, their schemas registered"
                    + " under TOPIC-value in this Confluent-compatible registry (or schema.registry.url in --kafka-config;"
                    + " basic.auth.user.info there for its credentials). Default: Avro single-object encoding, no registry")
    String schemaRegistry;

    public KafkaSettings settings() {
        KafkaSettings s = KafkaSettings.load(bootstrap, kafkaConfig, topicPrefix, groupPrefix, DEFAULT_BOOTSTRAP);
        return schemaRegistry != null ? s.withRegistry(schemaRegistry) : s;
    }
}
