package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fer.launcher.process.KafkaProcess;
import io.fer.launcher.process.OsProcess;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.StreamCompletion;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that only takes SASL_PLAINTEXT with SCRAM-SHA-512: every command reaches it through --kafka-config, the
 * password comes from the environment (${env:...}), never from argv; a wrong password fails fast, on one line. The
 * deployment uses its own topic and group prefixes.
 */
class SecureKafkaITCase {
    private static final String USER = "fer";
    private static final String PASSWORD = "s3cret-Passw0rd";

    @Test
    void thePipelineRunsOnAScramBrokerAndAWrongPasswordFailsFast(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        try (KafkaProcess kafka = KafkaProcess.startScram(dir.resolve("kafka"), USER, PASSWORD)) {
            Path config = dir.resolve("client.properties");
            Files.writeString(config, String.join("\n",
                    "bootstrap.servers=" + kafka.bootstrap(),
                    "security.protocol=SASL_PLAINTEXT",
                    "sasl.mechanism=SCRAM-SHA-512",
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                            + "\" password=\"${env:FER_KAFKA_PASSWORD}\";", ""));
            Map<String, String> env = Map.of("FER_KAFKA_PASSWORD", PASSWORD);
            List<String> jvm = List.of("-Xmx1500m");

            // a wrong password: the command ends in seconds with one line that says why
            long t0 = System.currentTimeMillis();
            OsProcess wrong = OsProcess.java("wrong-password", dir, jvm, "io.fer.launcher.Fer", List.of("ingest", "--kafka-config",
                    config.toString(), "--source", SampleClip.ensure(store).toString()), Map.of("FER_KAFKA_PASSWORD", "nope"));
            int status = wrong.awaitExit(Duration.ofSeconds(60));
            long ms = System.currentTimeMillis() - t0;
            List<String> lines = Files.readAllLines(wrong.log()).stream().filter(l -> !l.isBlank() && !l.startsWith("=== start")).toList();
            assertThat(status).isNotZero();
            assertThat(ms).as("fails fast").isLessThan(30_000);
            assertThat(lines).as("one line").hasSize(1);
            assertThat(lines.get(0)).startsWith("fer ingest").containsIgnoringCase("authentication");
            assertThat(Files.readString(wrong.log())).doesNotContain("nope").doesNotContain(PASSWORD);

            // this deployment's own topic and group names, as when several share one cluster
            List<String> names = List.of("--topic-prefix", "cam7.", "--group-prefix", "cam7-");
            OsProcess worker = OsProcess.java("worker", dir, jvm, "io.fer.launcher.Fer", concat(List.of("worker", "--stage",
                    "model", "--kafka-config", config.toString(), "--metrics-port", "0", "--metrics-host", "127.0.0.1"), names), env);
            OsProcess classifier = OsProcess.java("classify", dir, jvm, "io.fer.launcher.Fer", concat(List.of("classify", "--kafka-config",
                    config.toString(), "--model", model.toString(), "--state-dir", dir.resolve("state").toString(),
                    "--checkpoint-interval", "1s", "--rest-port", "0"), names), env);
            try {
                OsProcess ingest = OsProcess.java("ingest", dir, jvm, "io.fer.launcher.Fer", concat(List.of("ingest", "--kafka-config",
                        config.toString(), "--source", SampleClip.ensure(store).toString(), "--stream-id", "secure"), names), env);
                assertThat(ingest.awaitExit(Duration.ofMinutes(2))).as(ingest.tail()).isZero();
                List<EmotionEvent> events = readComplete(KafkaSettings.load(null, config, "cam7.", "cam7-", env::get), "secure");
                assertThat(events).anyMatch(e -> !e.getEndOfTrack());
                assertThat(KafkaClusterITCase.facesProcessed(worker)).isGreaterThan(0);
                assertThat(worker.alive()).as(worker.tail()).isTrue();
                assertThat(classifier.alive()).as(classifier.tail()).isTrue();
            } finally {
                worker.close();
                classifier.close();
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Events of the stream, read over SCRAM with read_committed, up to its end marker and its tracks' markers. */
    private static List<EmotionEvent> readComplete(KafkaSettings kafka, String stream) {
        List<EmotionEvent> out = new ArrayList<>();
        StreamCompletion completion = new StreamCompletion();
        try (var c = new KafkaConsumer<String, byte[]>(kafka.consumer("check-" + System.nanoTime()))) {
            c.subscribe(List.of(kafka.topics().emotions()));
            long deadline = System.currentTimeMillis() + 300_000;
            while (System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(300))) {
                    EmotionEvent e = AvroSerde.emotions().decode(r.value());
                    if (!e.getStreamId().equals(stream)) {
                        continue;
                    }
                    out.add(e);
                    completion.accept(e);
                }
                if (completion.complete()) {
                    return out;
                }
            }
        }
        throw new AssertionError("stream " + stream + " incomplete over SCRAM: " + out.size() + " events");
    }
}
