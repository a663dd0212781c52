package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.launcher.process.OsProcess;
import io.fer.launcher.process.TestRegistry;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.StreamCompletion;
import io.fer.schemas.Topics;
import io.fer.schemas.registry.RecordCodec;
import io.fer.testing.Checkout;
import io.fer.testing.TestModels;
import io.fer.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema registry mode: the classifier writes fer.emotions in the Confluent wire format (magic 0, schema id), the
 * schema registered under fer.emotions-value, with basic auth. Third-party decoders read every event: Node's
 * @kafkajs/confluent-schema-registry (registry.decode) and Python's confluent_kafka SchemaRegistryClient with
 * python3-avro; fer events reads them too.
 */
class SchemaRegistryITCase {
    private static final String USER_INFO = "fer:reg-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsInTheWireFormatAreReadByKafkajsPythonAndFerEvents(@TempDir Path dir) throws Exception {
        Path repo = Checkout.root();
        Path node = repo.resolve("examples/node");
        assertThat(node.resolve("node_modules/@kafkajs/confluent-schema-registry")).as("run: npm ci --prefix examples/node").exists();
        ModelStore store = TestModels.store();
        Path model = DefaultModel.ensure(store, msg -> {});
        try (TestRegistry registry = new TestRegistry(USER_INFO);
                EmbeddedStack stack = EmbeddedStack.forModel(store, model)
                        .classifierSettings(k -> k.withRegistry(registry.url(), USER_INFO)).start()) {
            String b = stack.bootstrap();
            FaultToleranceITCase.ingest(b, SampleClip.ensure(store), "reg");
            RecordCodec<EmotionEvent> codec = new RecordCodec<>(EmotionEvent.class, registry.url(), USER_INFO);
            List<EmotionEvent> events = awaitComplete(b, codec, "reg");
            assertThat(registry.subjects()).containsKey(Topics.EMOTIONS + "-value");
            Set<String> expected = keys(events);

            // fer events, with the registry and its credentials from --kafka-config
            Path config = dir.resolve("client.properties");
            Files.writeString(config, "basic.auth.user.info=" + USER_INFO + "\n");
            OsProcess fer = OsProcess.java("events", dir, List.of("-Xmx512m"), "io.fer.launcher.Fer", List.of("events", "--bootstrap", b,
                    "--kafka-config", config.toString(), "--schema-registry", registry.url(), "--stream", "reg", "--from-beginning",
                    "--markers", "--until-end"));
            assertThat(fer.awaitExit(Duration.ofMinutes(1))).as(fer.tail()).isZero();
            assertThat(keys(jsonLines(String.join("\n", Files.readAllLines(fer.log()))))).isEqualTo(expected);

            // Node: kafkajs + @kafkajs/confluent-schema-registry
            String nodeOut = run(List.of("node", node.resolve("fer_events.mjs").toString(), "--bootstrap", b, "--registry", registry.url(),
                    "--user-info", USER_INFO, "--stream", "reg", "--until-end", "--timeout", "120"));
            assertThat(keys(jsonLines(nodeOut))).as("kafkajs decoded every event").isEqualTo(expected);

            // Python: confluent_kafka's SchemaRegistryClient + python3-avro
            String pyOut = run(List.of("/usr/bin/python3", repo.resolve("examples/python/fer_events.py").toString(), "--bootstrap", b,
                    "--schemas", repo.resolve("schemas/src/main/avro").toString(), "--schema-registry", registry.url(),
                    "--registry-user-info", USER_INFO, "--stream", "reg", "--from-beginning", "--until-end", "--timeout", "120"));
            assertThat(keys(jsonLines(pyOut))).as("confluent_kafka decoded every event").isEqualTo(expected);
            System.out.println("SchemaRegistryITCase: " + events.size() + " events in the wire format, decoded by fer events,"
                    + " kafkajs and confluent_kafka alike");
        }
    }

    private static List<EmotionEvent> awaitComplete(String b, RecordCodec<EmotionEvent> codec, String stream) throws Exception {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            List<EmotionEvent> events = new ArrayList<>();
            StreamCompletion completion = new StreamCompletion();
            for (ConsumerRecord<String, byte[]> r : TopicRecords.upToEnd(b, Topics.EMOTIONS, "read_committed")) {
                assertThat(r.value()[0]).as("Confluent wire format: magic byte 0").isZero();
                EmotionEvent e = codec.decode(r.value());
                if (!e.getStreamId().equals(stream)) {
                    continue;
                }
                events.add(e);
                completion.accept(e);
            }
            if (completion.complete()) {
                return events;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("stream " + stream + " did not complete");
    }

    private static Set<String> keys(List<?> events) {
        Set<String> out = new TreeSet<>();
        for (Object o : events) {
            if (o instanceof EmotionEvent e) {
                out.add(e.getTrackId() + "/" + e.getFirstFrameIndex() + "/" + e.getEndOfTrack() + "/" + e.getLabel());
            } else {
                JsonNode j = (JsonNode) o;
                out.add(j.get("trackId").asInt() + "/" + j.get("firstFrameIndex").asLong() + "/" + j.get("endOfTrack").asBoolean() + "/"
                        + j.get("label").asText());
            }
        }
        return out;
    }

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (l.startsWith("{")) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }
}
