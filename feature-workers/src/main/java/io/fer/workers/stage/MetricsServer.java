package io.fer.workers.stage;

import com.sun.net.httpserver.HttpServer;
import io.fer.schemas.http.HttpAccess;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Serves the registry in the Prometheus text format at http://HOST:PORT/metrics. */
public final class MetricsServer implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    /** On this machine only, without a token. */
    public MetricsServer(int port) {
        this(HttpAccess.loopback(), port);
    }

    public MetricsServer(HttpAccess access, int port) {
        try {
            server = access.bind(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + access.host() + ":" + port + ": " + e.getMessage(), e);
        }
        access.guard(server.createContext("/metrics", ex -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        }));
        server.start();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
