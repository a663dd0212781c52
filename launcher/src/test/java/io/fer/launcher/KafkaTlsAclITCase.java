package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fer.launcher.process.KafkaProcess;
import io.fer.launcher.process.OsProcess;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.testing.TestCa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker secured as a deployment would be, with a CA made in the test: the pipeline's principal on SASL_SSL with
 * SCRAM, a subscriber on mutual TLS (its certificate's CN is its principal), and ACLs that let the subscriber read
 * emotions and summaries only. Checked with our commands as OS processes and with third-party clients (kcat and the
 * Python example on Debian's librdkafka).
 */
class KafkaTlsAclITCase {
    private static final String USER = "fer";
    private static final String PASSWORD = "s3cret-Passw0rd";

    @Test
    void aReaderAllowedEventsOnlyReadsThemOverMutualTlsAndIsRefusedTheFaces(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        TestCa ca = TestCa.create(dir.resolve("ca"));
        TestCa.Identity reader = ca.issue("reader");
        try (KafkaProcess kafka = KafkaProcess.startSecure(dir.resolve("kafka"), ca, ca.issue("broker"), Map.of(USER, PASSWORD))) {
            allow(kafka, List.of(
                    acl("fer", ResourceType.TOPIC, "fer.", PatternType.PREFIXED, AclOperation.ALL),
                    acl("fer", ResourceType.GROUP, "fer-", PatternType.PREFIXED, AclOperation.ALL),
                    acl("fer", ResourceType.TRANSACTIONAL_ID, "fer-", PatternType.PREFIXED, AclOperation.ALL),
                    acl("reader", ResourceType.TOPIC, "fer.emotions", PatternType.LITERAL, AclOperation.READ),
                    acl("reader", ResourceType.TOPIC, "fer.summaries", PatternType.LITERAL, AclOperation.READ),
                    acl("reader", ResourceType.GROUP, "reader-", PatternType.PREFIXED, AclOperation.READ)));

            // the pipeline's principal: SASL_SSL with SCRAM-SHA-512, the password from the environment
            Path ferConfig = Files.writeString(dir.resolve("fer.properties"), String.join("\n",
                    "bootstrap.servers=" + kafka.bootstrap(),
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=SCRAM-SHA-512",
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                            + "\" password=\"${env:FER_KAFKA_PASSWORD}\";",
                    "ssl.truststore.type=PKCS12",
                    "ssl.truststore.location=" + ca.trustStore(),
                    "ssl.truststore.password=" + TestCa.PASSWORD, ""));
            Map<String, String> env = Map.of("FER_KAFKA_PASSWORD", PASSWORD);
            OsProcess topics = OsProcess.java("topics", dir, List.of("-Xmx256m"), "io.fer.launcher.Fer", List.of("topics", "create",
                    "--kafka-config", ferConfig.toString(), "--partitions", "1", "--modalities", "expression"), env);
            assertThat(topics.awaitExit(Duration.ofMinutes(1))).as(topics.tail()).isZero();
            KafkaSettings fer = KafkaSettings.load(null, ferConfig, "fer.", "fer-", env::get);
            List<EmotionEvent> events = List.of(EventsCommandITCase.event("s1", 0, 0, 3), EventsCommandITCase.event("s1", 0, 4, 3),
                    EventsCommandITCase.marker("s1", 0, 0), EventsCommandITCase.marker("s1", -1, 1));
            Map<String, Object> producer = new HashMap<>(fer.producer());
            producer.put("transactional.id", "fer-test-writer");
            try (var p = new KafkaProducer<String, byte[]>(producer)) {
                p.initTransactions();
                p.beginTransaction();
                for (EmotionEvent e : events) {
                    p.send(new ProducerRecord<>("fer.emotions", e.getStreamId() + "/" + e.getTrackId(), AvroSerde.emotions().encode(e)));
                }
                p.send(new ProducerRecord<>("fer.faces", "s1", new byte[] {1, 2, 3}));
                p.commitTransaction();
            }

            // the reader: mutual TLS, no password anywhere
            Path readerConfig = Files.writeString(dir.resolve("reader.properties"), String.join("\n",
                    "bootstrap.servers=" + kafka.listener("SSL"),
                    "security.protocol=SSL",
                    "ssl.keystore.type=PKCS12",
                    "ssl.keystore.location=" + reader.keyStore(),
                    "ssl.keystore.password=" + TestCa.PASSWORD,
                    "ssl.truststore.type=PKCS12",
                    "ssl.truststore.location=" + ca.trustStore(),
                    "ssl.truststore.password=" + TestCa.PASSWORD, ""));
            OsProcess read = OsProcess.java("events", dir, List.of("-Xmx256m"), "io.fer.launcher.Fer", List.of("events", "--kafka-config",
                    readerConfig.toString(), "--stream", "s1", "--from-beginning", "--json", "--until-end", "--group-prefix", "reader-"));
            assertThat(read.awaitExit(Duration.ofMinutes(1))).as(read.tail()).isZero();
            assertThat(Files.readAllLines(read.log()).stream().filter(l -> l.startsWith("{"))).hasSize(2);

            KafkaSettings asReader = KafkaSettings.load(null, readerConfig, "fer.", "reader-");
            try (var c = new KafkaConsumer<String, byte[]>(asReader.reader())) {
                assertThatThrownBy(() -> c.partitionsFor("fer.faces", Duration.ofSeconds(20))).isInstanceOf(TopicAuthorizationException.class);
                assertThatThrownBy(() -> c.partitionsFor("fer.frames", Duration.ofSeconds(20))).isInstanceOf(TopicAuthorizationException.class);
            }
            // no certificate, no entry
            KafkaSettings anonymous = KafkaSettings.load(null, Files.writeString(dir.resolve("anonymous.properties"), String.join("\n",
                    "bootstrap.servers=" + kafka.listener("SSL"), "security.protocol=SSL", "ssl.truststore.type=PKCS12",
                    "ssl.truststore.location=" + ca.trustStore(), "ssl.truststore.password=" + TestCa.PASSWORD, "")), "fer.", "x-");
            try (var c = new KafkaConsumer<String, byte[]>(anonymous.reader())) {
                assertThatThrownBy(() -> c.partitionsFor("fer.emotions", Duration.ofSeconds(20)))
                        .isInstanceOf(SslAuthenticationException.class);
            }

            // third-party clients on Debian's librdkafka 2.0.2, over mutual TLS with PEM files
            List<String> tls = List.of("-X", "security.protocol=ssl", "-X", "ssl.ca.location=" + ca.certificatePem(),
                    "-X", "ssl.certificate.location=" + reader.certificatePem(), "-X", "ssl.key.location=" + reader.keyPem());
            OsProcess kcatFaces = OsProcess.command("kcat-faces", dir, concat(List.of("kcat", "-b", kafka.listener("SSL"), "-C", "-t",
                    "fer.faces", "-o", "beginning", "-e"), tls));
            assertThat(kcatFaces.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(Files.readString(kcatFaces.log())).containsIgnoringCase("authoriz");
            Path librdkafka = Files.writeString(dir.resolve("reader-librdkafka.properties"), String.join("\n", "security.protocol=ssl",
                    "ssl.ca.location=" + ca.certificatePem(), "ssl.certificate.location=" + reader.certificatePem(),
                    "ssl.key.location=" + reader.keyPem(), ""));
            OsProcess python = OsProcess.command("python", dir, List.of("/usr/bin/python3",
                    PythonConsumerITCase.REPO.resolve("examples/python/fer_events.py").toString(), "--bootstrap", kafka.listener("SSL"),
                    "--schemas", PythonConsumerITCase.REPO.resolve("schemas/src/main/avro").toString(), "--config", librdkafka.toString(),
                    "--group", "reader-python", "--stream", "s1", "--from-beginning", "--until-end", "--timeout", "60"));
            assertThat(python.awaitExit(Duration.ofSeconds(90))).as(python.tail()).isZero();
            assertThat(Files.readAllLines(python.log()).stream().filter(l -> l.startsWith("{\"type\": \"event\""))).hasSize(4);

            // the dashboard as the reader: the events, no face crops, and one line saying why
            int port = KafkaProcess.freePort();
            OsProcess dashboard = OsProcess.java("dashboard", dir, List.of("-Xmx256m"), "io.fer.launcher.Fer", List.of("dashboard",
                    "--kafka-config", readerConfig.toString(), "--port", Integer.toString(port), "--history", "PT1H"));
            try {
                String replay = awaitEmotion(port, Duration.ofSeconds(60));
                assertThat(replay).contains("\"streamId\":\"s1\"");
                assertThat(dashboard.alive()).as(dashboard.tail()).isTrue();
                assertThat(Files.readAllLines(dashboard.log()).stream().filter(l -> l.contains("no face crops"))).hasSize(1)
                        .allSatisfy(l -> assertThat(l).contains("may not read fer.faces"));
            } finally {
                dashboard.close();
            }
        }
    }

    /** The first emotion message of the dashboard's event stream (its replay), retried until the page answers. */
    private static String awaitEmotion(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("event: emotion")) {
                        return in.readLine();
                    }
                }
            } catch (IOException notYet) {
                // not listening yet, or the replay had no emotion yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no emotion on the dashboard within " + timeout);
    }

    private static void allow(KafkaProcess kafka, List<AclBinding> acls) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.listener("INTERNAL")))) {
            admin.createAcls(acls).all().get();
        }
    }

    private static AclBinding acl(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
