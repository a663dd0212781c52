package io.fer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.schemas.Topics;
import io.fer.testing.Checkout;
import io.fer.workers.modality.ExpressionModality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml, the Dockerfile and prometheus.yml against the code: image tags are the versions the build
 * uses, every fer command parses, and ports, paths and topics agree between services.
 */
class ComposeFileTest {
    private static final Path REPO = Checkout.root();
    /** SnakeYAML resolves the anchors and merge keys (<<: *fer) that Jackson's YAML reader would keep as keys. */
    private static JsonNode compose() throws Exception {
        Object tree = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
        return new ObjectMapper().valueToTree(tree);
    }

    @Test
    void imageTagsAreTheVersionsTheBuildUses() throws Exception {
        JsonNode s = compose().path("services");
        assertThat(s.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        String dockerfile = Files.readString(REPO.resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM flink:" + EnvironmentInformation.getVersion() + "-java17 AS flink");
        assertThat(s.path("jobmanager").path("image").asText()).endsWith(":" + EnvironmentInformation.getVersion());
        // the image builds the default model the code loads: nothing trains at container start
        assertThat(dockerfile).contains("./fer models default").doesNotContainPattern("default-distilled-\\d");
        long kafkaMax = s.path("kafka").path("environment").path("KAFKA_MESSAGE_MAX_BYTES").asLong();
        assertThat(kafkaMax).isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
    }

    @Test
    void everyFerCommandParses() throws Exception {
        JsonNode s = compose().path("services");
        List<String> checked = new ArrayList<>();
        for (var it = s.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode svc = e.getValue();
            boolean fer = svc.path("image").asText().startsWith("fer:") || svc.path("build").path("target").asText().equals("fer");
            if (!fer) {
                continue;
            }
            List<String> args = new ArrayList<>();
            if (svc.has("entrypoint")) {
                svc.path("entrypoint").forEach(a -> args.add(a.asText()));
                assertThat(args.remove(0)).isEqualTo("./fer");
                args.addAll(List.of("--source", "/media/clip.mp4"));
            }
            svc.path("command").forEach(a -> args.add(a.asText()));
            CommandLine.ParseResult parsed = Fer.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.subcommand()).as(e.getKey()).isNotNull();
            checked.add(e.getKey());
        }
        assertThat(checked).contains("topics", "worker", "classifier", "ingest");
    }

    @Test
    void portsPathsAndTopicsAgree() throws Exception {
        JsonNode s = compose().path("services");
        String classify = String.join(" ", texts(s.path("classifier").path("command")));
        int rest = RestOptions.PORT.defaultValue();
        assertThat(classify).contains("--jobmanager jobmanager:" + rest);
        assertThat(texts(s.path("jobmanager").path("ports"))).contains("127.0.0.1:" + rest + ":" + rest);
        // faces, emotions and Flink's job submission stay on the host's loopback; inside the compose network services
        // bind every interface so that Prometheus and the other containers reach them
        s.fields().forEachRemaining(svc -> assertThat(texts(svc.getValue().path("ports"))).as(svc.getKey())
                .allMatch(p -> p.startsWith("127.0.0.1:")));
        for (String svc : List.of("dashboard", "summaries")) {
            assertThat(String.join(" ", texts(s.path(svc).path("command")))).as(svc).contains("--host 0.0.0.0");
        }
        // checkpoints: the submitting container, the JobManager and the TaskManager see one volume at --state-dir
        Matcher dir = Pattern.compile("--state-dir (\\S+)").matcher(classify);
        assertThat(dir.find()).isTrue();
        for (String svc : List.of("classifier", "jobmanager", "taskmanager")) {
            assertThat(texts(s.path(svc).path("volumes"))).as(svc).anyMatch(v -> v.endsWith(":" + dir.group(1)));
        }
        // Prometheus scrapes the workers' metrics port and Flink's reporter port
        String worker = String.join(" ", texts(s.path("worker").path("command")));
        Matcher port = Pattern.compile("--metrics-port (\\d+)").matcher(worker);
        assertThat(port.find()).isTrue();
        assertThat(worker).contains("--metrics-host 0.0.0.0");
        String prometheus = Files.readString(REPO.resolve("docker/prometheus.yml"));
        assertThat(prometheus).contains("worker:" + port.group(1));
        Matcher prom = Pattern.compile("metrics.reporter.prom.port: (\\d+)").matcher(s.path("jobmanager").path("environment")
                .path("FLINK_PROPERTIES").asText());
        assertThat(prom.find()).isTrue();
        assertThat(prometheus).contains("jobmanager:" + prom.group(1)).contains("taskmanager:" + prom.group(1));
        // the topic init makes the embedding topics of the modalities the default model reads
        String topics = String.join(" ", texts(s.path("topics").path("command")));
        assertThat(topics).contains("--modalities " + ExpressionModality.NAME);
        assertThat(worker).contains("--stage model");
        // the classifier writes its events through the registry service
        Matcher registry = Pattern.compile("--schema-registry http://([\\w-]+):(\\d+)").matcher(classify);
        assertThat(registry.find()).isTrue();
        assertThat(s.has(registry.group(1))).as("a service named " + registry.group(1)).isTrue();
        assertThat(s.path(registry.group(1)).path("environment").path("SCHEMA_REGISTRY_LISTENERS").asText())
                .endsWith(":" + registry.group(2));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out;
    }
}
