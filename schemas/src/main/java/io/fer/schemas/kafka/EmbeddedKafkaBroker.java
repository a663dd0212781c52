package io.fer.schemas.kafka;

import io.fer.schemas.Topics;
import io.fer.schemas.net.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (broker and controller in one) inside this JVM, on loopback ports.
 * For the embedded demo and for tests; everything else talks to it as to any Kafka.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final Path dataDir;
    private final KafkaRaftServer server;
    private final String bootstrap;

    private EmbeddedKafkaBroker(Path dataDir, KafkaRaftServer server, String bootstrap) {
        this.dataDir = dataDir;
        this.server = server;
        this.bootstrap = bootstrap;
    }

    public static EmbeddedKafkaBroker start() {
        try {
            Path dir = Files.createTempDirectory("fer-kafka");
            int[] ports = FreePorts.distinct(2);
            int brokerPort = ports[0];
            int controllerPort = ports[1];
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dir.resolve("logs").toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("min.insync.replicas", "1");
            p.put("default.replication.factor", "1");
            p.put("num.partitions", "1");
            // without this the first consumer-group join waits 3 s
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("auto.create.topics.enable", "false");
            p.put("message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES + 1024));
            p.put("replica.fetch.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES + 1024));
            Path propsFile = dir.resolve("server.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                p.store(out, "embedded fer broker");
            }
            format(propsFile);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(dir, server, "127.0.0.1:" + brokerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    private static void format(Path propsFile) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", propsFile.toString()}, new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the embedded broker's storage failed: " + log);
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
