package io.fer.summaries;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.EmotionSummary;
import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs the summary topology (exactly_once_v2, changelogged stores under the state dir) and answers interactive
 * queries over HTTP: GET /streams, /streams/{id}, /streams/{id}/tracks/{track}, as JSON with the Avro field names.
 * With several instances a key another one owns is answered with a redirect to it (application.server).
 */
public final class SummariesService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaStreams streams;
    private final HttpServer http;
    private final String self;

    private final String scheme;

    public SummariesService(KafkaSettings kafka, Path stateDir, HttpAccess access, int port) throws IOException {
        http = access.bind(port);
        scheme = access.scheme();
        self = access.displayHost() + ":" + http.getAddress().getPort();
        Properties p = new Properties();
        p.putAll(kafka.connection());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.group("summaries"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        streams = new KafkaStreams(SummaryTopology.build(kafka.topics(), kafka.codec(EmotionEvent.class),
                kafka.codec(EmotionSummary.class)), p);
        access.guard(http.createContext("/streams", this::handle));
    }

    public void start() {
        streams.start();
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] parts = ex.getRequestURI().getRawPath().split("/");
            // "", "streams", id, "tracks", track
            if (!ex.getRequestMethod().equals("GET") || parts.length == 4 || parts.length > 5
                    || (parts.length == 5 && !parts[3].equals("tracks"))) {
                reply(ex, 404, error("GET /streams, /streams/{id} or /streams/{id}/tracks/{track}"));
                return;
            }
            if (streams.state() != KafkaStreams.State.RUNNING) {
                reply(ex, 503, error("not ready: " + streams.state()));
                return;
            }
            if (parts.length == 2) {
                reply(ex, 200, list());
                return;
            }
            String id = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            String key = parts.length == 5 ? id + "/" + URLDecoder.decode(parts[4], StandardCharsets.UTF_8) : id;
            String store = parts.length == 5 ? SummaryTopology.TRACKS : SummaryTopology.STREAMS;
            KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
            String active = owner.activeHost().host() + ":" + owner.activeHost().port();
            if (owner != KeyQueryMetadata.NOT_AVAILABLE && owner.activeHost().port() > 0 && !active.equals(self)) {
                ex.getResponseHeaders().add("Location", scheme + "://" + active + ex.getRequestURI());
                reply(ex, 307, error("owned by " + active));
                return;
            }
            String body = parts.length == 5 ? track(key) : stream(id);
            reply(ex, body == null ? 404 : 200, body == null ? error("no summary for " + key) : body);
        } catch (RuntimeException e) {
            reply(ex, 500, error(e.toString()));
        }
    }

    private String stream(String id) throws IOException {
        StreamSummary s = streamStore().get(id);
        if (s == null) {
            return null;
        }
        ObjectNode o = (ObjectNode) JSON.readTree(s.toAvro().toString());
        ArrayNode tracks = o.putArray("trackSummaries");
        for (TrackSummary t : s.tracks.values()) {
            tracks.add(JSON.readTree(t.toAvro().toString()));
        }
        return o.toString();
    }

    private String track(String key) throws IOException {
        TrackSummary t = trackStore().get(key);
        return t == null || t.trackId < 0 ? null : t.toAvro().toString();
    }

    private String list() {
        ArrayNode a = JSON.createArrayNode();
        try (KeyValueIterator<String, StreamSummary> it = streamStore().all()) {
            it.forEachRemaining(kv -> a.add(kv.key));
        }
        return a.toString();
    }

    private ReadOnlyKeyValueStore<String, StreamSummary> streamStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(SummaryTopology.STREAMS, QueryableStoreTypes.keyValueStore()));
    }

    private ReadOnlyKeyValueStore<String, TrackSummary> trackStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(SummaryTopology.TRACKS, QueryableStoreTypes.keyValueStore()));
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        http.stop(0);
        streams.close();
    }
}
