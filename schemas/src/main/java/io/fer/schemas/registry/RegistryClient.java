package io.fer.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The few calls of the Confluent Schema Registry REST API that a serde needs: register a schema under a subject
 * (idempotent: the registry returns the existing id), fetch a schema by id, check compatibility. Ids and schemas
 * are cached, so a running serde asks the registry once per schema. Basic auth from {@code basic.auth.user.info}.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT = "application/vnd.schemaregistry.v1+json";
    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /**
     * @param baseUrl  e.g. http://registry:8081
     * @param userInfo "user:password" for basic auth, or null
     */
    public RegistryClient(String baseUrl, String userInfo) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authorization = userInfo == null || userInfo.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** The settings a serde takes from --kafka-config: schema.registry.url and basic.auth.user.info. */
    public static RegistryClient fromConfig(String url, Map<String, String> config) {
        return new RegistryClient(url, config.get("basic.auth.user.info"));
    }

    public String url() {
        return baseUrl;
    }

    /** Registers (or finds) the schema under the subject; its global id. */
    public int register(String subject, Schema schema) {
        String key = subject + "\u0000" + schema.toString();
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode r = call("POST", "/subjects/" + subject + "/versions", JSON.createObjectNode().put("schema", schema.toString()).toString());
        int id = r.path("id").asInt(-1);
        if (id < 0) {
            throw new RegistryException("registry " + baseUrl + " gave no id for subject " + subject + ": " + r);
        }
        idsBySubjectAndSchema.put(key, id);
        schemasById.put(id, schema);
        return id;
    }

    public Schema schema(int id) {
        return schemasById.computeIfAbsent(id, i -> new Schema.Parser().parse(call("GET", "/schemas/ids/" + i, null).path("schema").asText()));
    }

    /** Whether the schema may be registered as the subject's next version under the subject's compatibility rule. */
    public boolean compatible(String subject, Schema schema) {
        JsonNode r = call("POST", "/compatibility/subjects/" + subject + "/versions/latest",
                JSON.createObjectNode().put("schema", schema.toString()).toString());
        return r.path("is_compatible").asBoolean(false);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", CONTENT);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new RegistryException("registry " + baseUrl + path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new RegistryException("registry " + baseUrl + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while calling the registry", e);
        }
    }

    public static final class RegistryException extends RuntimeException {
        public RegistryException(String message) {
            super(message);
        }

        public RegistryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
