package io.fer.launcher.dashboard;

import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import java.io.IOException;
import java.time.Duration;

/** The dashboard as one thing to start and stop: the Kafka feed on its own thread, the state, the HTTP server. */
public final class Dashboard implements AutoCloseable {
    /** Events kept per track for a page that opens later (about 4 minutes of windows at 25 fps, stride 4). */
    public static final int EVENTS_PER_TRACK = 1500;
    public static final int MAX_STREAMS = 64;
    public static final long FACE_INTERVAL_US = 500_000;

    private final DashboardServer server;
    private final DashboardFeed feed;
    private final Thread feedThread;

    private Dashboard(DashboardServer server, DashboardFeed feed) {
        this.server = server;
        this.feed = feed;
        this.feedThread = new Thread(feed, "fer-dashboard-feed");
        this.feedThread.setDaemon(true);
    }

    public static Dashboard start(KafkaSettings kafka, HttpAccess access, int port, Duration history) throws IOException {
        return start(kafka, access, port, history, true);
    }

    /** @param faceCrops false: the page shows no face crops, and fer.faces is not read */
    public static Dashboard start(KafkaSettings kafka, HttpAccess access, int port, Duration history, boolean faceCrops) throws IOException {
        DashboardState state = new DashboardState(EVENTS_PER_TRACK, MAX_STREAMS, FACE_INTERVAL_US);
        DashboardServer server = new DashboardServer(state, access, port);
        Dashboard d = new Dashboard(server, new DashboardFeed(kafka, state, server::broadcast, history, faceCrops));
        d.feedThread.setUncaughtExceptionHandler((t, e) -> System.err.println("dashboard: stopped reading Kafka: " + e.getMessage()));
        d.feedThread.start();
        server.start();
        return d;
    }

    public int port() {
        return server.port();
    }

    /** True once the feed reads its partitions. */
    public boolean ready() {
        return feed.assigned();
    }

    /** False when the Kafka feed has died (the page would show nothing new). */
    public boolean feeding() {
        return feedThread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        feed.stop();
        feedThread.join(5_000);
        server.close();
    }
}
