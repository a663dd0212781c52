package io.fer.launcher.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The endpoints of the Confluent Schema Registry REST API that serdes use, served from test code (no registry server
 * can run here; ENV-NOTES). Third-party clients (kafkajs' @kafkajs/confluent-schema-registry, confluent_kafka's
 * SchemaRegistryClient) talk to it, which is what checks the interoperability. Basic auth when credentials are given.
 */
public final class TestRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer http;
    private final String authorization;
    private final List<String> schemas = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();

    public TestRegistry(String userInfo) throws IOException {
        authorization = userInfo == null ? null : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public synchronized Map<String, List<Integer>> subjects() {
        return Map.copyOf(subjects);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (authorization != null && !authorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
                return;
            }
            String[] p = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            String method = ex.getRequestMethod();
            if (method.equals("POST") && p.length == 4 && p[1].equals("subjects") && p[3].equals("versions")) {
                String schema = normal(body(ex).path("schema").asText());
                int id = schemas.indexOf(schema);
                if (id < 0) {
                    schemas.add(schema);
                    id = schemas.size() - 1;
                }
                List<Integer> versions = subjects.computeIfAbsent(p[2], s -> new ArrayList<>());
                if (!versions.contains(id + 1)) {
                    versions.add(id + 1);
                }
                reply(ex, 200, "{\"id\":" + (id + 1) + "}");
            } else if (method.equals("GET") && p.length >= 4 && p[1].equals("schemas") && p[2].equals("ids")) {
                int id = Integer.parseInt(p[3]);
                if (id < 1 || id > schemas.size()) {
                    reply(ex, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                } else {
                    reply(ex, 200, JSON.createObjectNode().put("schema", schemas.get(id - 1)).toString());
                }
            } else if (method.equals("GET") && p.length == 2 && p[1].equals("subjects")) {
                ArrayNode a = JSON.createArrayNode();
                subjects.keySet().forEach(a::add);
                reply(ex, 200, a.toString());
            } else if (method.equals("GET") && p.length == 5 && p[1].equals("subjects") && p[4].equals("latest")) {
                List<Integer> v = subjects.get(p[2]);
                if (v == null) {
                    reply(ex, 404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
                } else {
                    int id = v.get(v.size() - 1);
                    reply(ex, 200, JSON.createObjectNode().put("subject", p[2]).put("version", v.size()).put("id", id)
                            .put("schema", schemas.get(id - 1)).toString());
                }
            } else if (method.equals("POST") && p.length == 6 && p[1].equals("compatibility")) {
                List<Integer> v = subjects.get(p[3]);
                boolean ok = true;
                if (v != null) {
                    Schema latest = new Schema.Parser().parse(schemas.get(v.get(v.size() - 1) - 1));
                    Schema next = new Schema.Parser().parse(body(ex).path("schema").asText());
                    ok = SchemaCompatibility.checkReaderWriterCompatibility(next, latest).getType()
                            == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
                }
                reply(ex, 200, "{\"is_compatible\":" + ok + "}");
            } else {
                reply(ex, 404, "{\"error_code\":404,\"message\":\"not served by the test registry\"}");
            }
        }
    }

    private static String normal(String schema) {
        return new Schema.Parser().parse(schema).toString();
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        return JSON.readTree(ex.getRequestBody().readAllBytes());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
