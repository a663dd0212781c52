package io.fer.launcher.process;

import io.fer.schemas.Topics;
import io.fer.schemas.net.FreePorts;
import io.fer.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * KRaft brokers as their own OS processes, from the project's own Kafka jars (ENV-NOTES' recipe): a single node, a
 * single node with a SCRAM-SHA-512 listener, or a cluster of N nodes (each broker and controller).
 */
public final class KafkaProcess implements AutoCloseable {
    private final OsProcess process;
    private final int port;
    private final String bootstrap;
    private final Map<String, Object> clientSecurity;
    private final Map<String, String> listeners;

    private KafkaProcess(OsProcess process, int port, String bootstrap, Map<String, Object> clientSecurity) {
        this(process, port, bootstrap, clientSecurity, Map.of());
    }

    private KafkaProcess(OsProcess process, int port, String bootstrap, Map<String, Object> clientSecurity, Map<String, String> listeners) {
        this.process = process;
        this.port = port;
        this.bootstrap = bootstrap;
        this.clientSecurity = clientSecurity;
        this.listeners = listeners;
    }

    /**
     * A broker as a secured deployment has it: SASL_SSL with SCRAM-SHA-512 (users made at format time), SSL with client
     * certificates required (the certificate's CN is the principal), and ACLs (StandardAuthorizer; nothing is allowed
     * without one). Its INTERNAL and CONTROLLER listeners are plaintext on loopback for the broker itself, whose
     * anonymous principal is the super user that sets the ACLs: {@link #listener(String)} "INTERNAL".
     * {@link #bootstrap()} is the SASL_SSL listener, {@code listener("SSL")} the mutual-TLS one.
     */
    public static KafkaProcess startSecure(Path dir, TestCa ca, TestCa.Identity broker,
            Map<String, String> scramUsers) throws Exception {
        int[] ports = FreePorts.distinct(4);
        int saslSsl = ports[0];
        int ssl = ports[1];
        int internal = ports[2];
        int controller = ports[3];
        String pw = TestCa.PASSWORD;
        Properties p = common(dir, 1, 1);
        p.putAll(Map.ofEntries(
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller),
                Map.entry("listeners", "SASL_SSL://127.0.0.1:" + saslSsl + ",SSL://127.0.0.1:" + ssl + ",INTERNAL://127.0.0.1:" + internal
                        + ",CONTROLLER://127.0.0.1:" + controller),
                Map.entry("advertised.listeners", "SASL_SSL://127.0.0.1:" + saslSsl + ",SSL://127.0.0.1:" + ssl + ",INTERNAL://127.0.0.1:" + internal),
                Map.entry("listener.security.protocol.map", "SASL_SSL:SASL_SSL,SSL:SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "INTERNAL"),
                Map.entry("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
                Map.entry("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.keystore.location", broker.keyStore().toString()),
                Map.entry("ssl.keystore.password", pw),
                Map.entry("ssl.key.password", pw),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", ca.trustStore().toString()),
                Map.entry("ssl.truststore.password", pw),
                Map.entry("listener.name.ssl.ssl.client.auth", "required"),
                Map.entry("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT"),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("super.users", "User:ANONYMOUS")));
        List<String> formatArgs = new ArrayList<>(List.of("--standalone"));
        scramUsers.forEach((user, password) -> formatArgs.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]")));
        format(dir, p, Uuid.randomUuid().toString(), formatArgs);
        KafkaProcess k = new KafkaProcess(OsProcess.java("kafka", dir, List.of("-Xmx1g"), "kafka.Kafka",
                List.of(dir.resolve("server.properties").toString())), internal, "127.0.0.1:" + saslSsl, Map.of(),
                Map.of("SASL_SSL", "127.0.0.1:" + saslSsl, "SSL", "127.0.0.1:" + ssl, "INTERNAL", "127.0.0.1:" + internal));
        k.awaitReady();
        return k;
    }

    /** A named listener's address (secured brokers). */
    public String listener(String name) {
        String address = listeners.get(name);
        if (address == null) {
            throw new IllegalArgumentException("no listener " + name + ": " + listeners.keySet());
        }
        return address;
    }

    public static KafkaProcess start(Path dir) throws Exception {
        int[] ports = FreePorts.distinct(2);
        int port = ports[0];
        int controller = ports[1];
        Properties p = common(dir, 1, 1);
        p.putAll(Map.of(
                "controller.quorum.bootstrap.servers", "127.0.0.1:" + controller,
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "PLAINTEXT"));
        return launch(dir, p, port, List.of("--standalone"), Map.of());
    }

    /**
     * A broker whose client listener takes SASL_PLAINTEXT with SCRAM-SHA-512 only; the user is created at format time
     * (brokers talk to each other on a PLAINTEXT listener of their own).
     */
    public static KafkaProcess startScram(Path dir, String user, String password) throws Exception {
        int[] ports = FreePorts.distinct(3);
        int port = ports[0];
        int internal = ports[1];
        int controller = ports[2];
        String jaas = jaas(user, password);
        Properties p = common(dir, 1, 1);
        p.putAll(Map.of(
                "controller.quorum.bootstrap.servers", "127.0.0.1:" + controller,
                "listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internal
                        + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",INTERNAL://127.0.0.1:" + internal,
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL",
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas));
        Map<String, Object> client = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas);
        return launch(dir, p, port, List.of("--standalone", "--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]"),
                client);
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /**
     * N nodes, each broker and controller, as N processes: replication and the loss of a broker are real. Internal
     * topics get min(3, N) replicas with min ISR 2.
     */
    public static List<KafkaProcess> cluster(Path dir, int nodes) throws Exception {
        int[] all = FreePorts.distinct(2 * nodes);
        int[] ports = Arrays.copyOfRange(all, 0, nodes);
        int[] controllers = Arrays.copyOfRange(all, nodes, 2 * nodes);
        String voters = IntStream.range(0, nodes).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllers[i]).collect(Collectors.joining(","));
        String bootstrap = IntStream.range(0, nodes).mapToObj(i -> "127.0.0.1:" + ports[i]).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaProcess> out = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Path d = dir.resolve("broker-" + (i + 1));
            Properties p = common(d, i + 1, Math.min(3, nodes));
            p.putAll(Map.of(
                    "controller.quorum.voters", voters,
                    "listeners", "PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllers[i],
                    "advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[i],
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name", "PLAINTEXT"));
            format(d, p, clusterId, List.of());
            out.add(new KafkaProcess(OsProcess.java("kafka", d, List.of("-Xmx768m"), "kafka.Kafka",
                    List.of(d.resolve("server.properties").toString())), ports[i], bootstrap, Map.of()));
        }
        for (KafkaProcess k : out) {
            k.awaitReady();
        }
        return out;
    }

    private static Properties common(Path dir, int nodeId, int replication) {
        String rf = Integer.toString(replication);
        String isr = Integer.toString(Math.min(2, replication));
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(nodeId)),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                Map.entry("offsets.topic.replication.factor", rf),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", rf),
                Map.entry("transaction.state.log.min.isr", isr),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", rf),
                Map.entry("share.coordinator.state.topic.min.isr", isr),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES + 1024))));
        return p;
    }

    private static void format(Path dir, Properties p, String clusterId, List<String> extra) throws Exception {
        Files.createDirectories(dir);
        Path props = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(props)) {
            p.store(out, "fer test broker");
        }
        List<String> cmd = new ArrayList<>(List.of(OsProcess.javaBinary(), "-cp", OsProcess.classpath(), "kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", props.toString()));
        cmd.addAll(extra);
        Process format = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    private static KafkaProcess launch(Path dir, Properties p, int port, List<String> formatArgs, Map<String, Object> client)
            throws Exception {
        format(dir, p, Uuid.randomUuid().toString(), formatArgs);
        KafkaProcess k = new KafkaProcess(OsProcess.java("kafka", dir, List.of("-Xmx1g"), "kafka.Kafka",
                List.of(dir.resolve("server.properties").toString())), port, "127.0.0.1:" + port, client);
        k.awaitReady();
        return k;
    }

    /** The cluster's bootstrap list (for a single broker, its own listener). */
    public String bootstrap() {
        return bootstrap;
    }

    public OsProcess process() {
        return process;
    }

    /** Stops the broker with SIGTERM (controlled shutdown) and starts it again on the same data and ports. */
    public void restart() throws Exception {
        process.terminate();
        process.start();
        awaitReady();
    }

    public void awaitReady() throws InterruptedException {
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(90).toMillis();
        Map<String, Object> props = new HashMap<>(clientSecurity);
        props.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        while (System.currentTimeMillis() < deadline) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get();
                return;
            } catch (Exception notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("broker not ready after 90 s:\n" + process.tail());
    }

    /** A port free right now on this machine (several for one process: {@link FreePorts#distinct}). */
    public static int freePort() {
        return FreePorts.one();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
