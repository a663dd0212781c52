package io.fer.launcher.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fer.schemas.http.HttpAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's HTTP side: the page and its script from the jar (nothing from a CDN), a Server-Sent Events stream
 * of the state's messages (GET /api/events: a replay, then live), and each track's latest face crop
 * (GET /api/faces/{stream}/{track}). A browser that falls behind by a whole queue is dropped; EventSource reconnects
 * by itself and gets a fresh replay.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/dashboard.js", "dashboard.js", "/dashboard.css", "dashboard.css");
    private static final DashboardState.Message CLOSE = new DashboardState.Message("close", "{}");
    private static final long KEEPALIVE_MS = 15_000;

    private final DashboardState state;
    private final HttpServer http;
    private final ExecutorService threads;
    private final Set<BlockingQueue<DashboardState.Message>> browsers = ConcurrentHashMap.newKeySet();

    /** Event streams served at once; one more gets 503 (each holds a thread and a queue). */
    static final int MAX_BROWSERS = 256;

    private final Semaphore browserSlots = new Semaphore(MAX_BROWSERS);

    public DashboardServer(DashboardState state, HttpAccess access, int port) throws IOException {
        this.state = state;
        http = access.bind(port);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fer-dashboard-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        access.guard(http.createContext("/", this::page));
        access.guard(http.createContext("/api/events", this::events));
        access.guard(http.createContext("/api/faces/", this::face));
    }

    public void start() {
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Sends a message to every connected browser. */
    public void broadcast(DashboardState.Message m) {
        for (BlockingQueue<DashboardState.Message> q : browsers) {
            if (!q.offer(m)) {
                browsers.remove(q);
                q.clear();
                q.offer(CLOSE);
            }
        }
    }

    public int browsers() {
        return browsers.size();
    }

    private void page(HttpExchange ex) throws IOException {
        try (ex) {
            String name = PAGES.get(ex.getRequestURI().getPath());
            if (name == null || !ex.getRequestMethod().equals("GET")) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
                String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
                send(ex, 200, type + "; charset=utf-8", in.readAllBytes());
            }
        }
    }

    private void events(HttpExchange ex) throws IOException {
        if (!browserSlots.tryAcquire()) {
            try (ex) {
                ex.getResponseHeaders().add("Retry-After", "10");
                send(ex, 503, "text/plain", ("more than " + MAX_BROWSERS + " pages open").getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        BlockingQueue<DashboardState.Message> queue = new ArrayBlockingQueue<>(10_000);
        try (ex) {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            browsers.add(queue); // before the replay, so nothing falls between the two (the page ignores repeats)
            List<DashboardState.Message> replay = state.replay();
            write(out, new DashboardState.Message("reset", "{}"));
            for (DashboardState.Message m : replay) {
                write(out, m);
            }
            out.flush();
            while (true) {
                DashboardState.Message m = queue.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
                if (m == CLOSE) {
                    return;
                }
                if (m == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    write(out, m);
                    // send what else is queued in the same flush
                    for (DashboardState.Message more = queue.poll(); more != null && more != CLOSE; more = queue.poll()) {
                        write(out, more);
                    }
                }
                out.flush();
            }
        } catch (IOException gone) {
            // the browser closed the page
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            browsers.remove(queue);
            browserSlots.release();
        }
    }

    private void face(HttpExchange ex) throws IOException {
        try (ex) {
            // /api/faces/{stream}/{track}
            String[] parts = ex.getRequestURI().getRawPath().split("/");
            Optional<DashboardState.Face> face = Optional.empty();
            if (parts.length == 5) {
                try {
                    face = state.face(URLDecoder.decode(parts[3], StandardCharsets.UTF_8), Integer.parseInt(parts[4]));
                } catch (NumberFormatException notATrack) {
                    // 404 below
                }
            }
            if (face.isEmpty()) {
                send(ex, 404, "text/plain", "no face".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ex.getResponseHeaders().add("Cache-Control", "no-store");
            send(ex, 200, "image/jpeg", face.get().jpeg());
        }
    }

    private static void write(OutputStream out, DashboardState.Message m) throws IOException {
        out.write(("event: " + m.type() + "\ndata: " + m.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        for (BlockingQueue<DashboardState.Message> q : browsers) {
            q.clear();
            q.offer(CLOSE);
        }
        http.stop(0);
        threads.shutdownNow();
    }
}
