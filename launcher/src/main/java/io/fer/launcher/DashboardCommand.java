package io.fer.launcher;

import io.fer.launcher.dashboard.Dashboard;
import io.fer.schemas.http.HttpAccess;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer dashboard: a live web page of the emotion events. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve a live web page: per stream, each track's emotions over time, its current emotion and"
                + " confidence, and its latest face crop; fed by fer.emotions and fer.faces (read_committed) through"
                + " Server-Sent Events. Everything it serves comes from the jar.",
                "It joins no consumer group and commits nothing: run as many as you like."})
public final class DashboardCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafkaOptions;

    @Option(names = "--port", defaultValue = "8091", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = HttpAccess.LOOPBACK, paramLabel = "ADDRESS", description = "address to bind: this machine"
            + " only by default; 0.0.0.0 for every interface, then give --auth-token-file (default: ${DEFAULT-VALUE})")
    String host;

    @Mixin HttpAccessOptions httpAccess;

    @Option(names = "--history", defaultValue = "PT10M", paramLabel = "DURATION",
            description = "start this far back on the topics, so the page shows the recent past (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration history;

    @Option(names = "--no-face-crops", description = "show no face crops: fer.faces is not read")
    boolean noFaceCrops;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        HttpAccess access = httpAccess.access(host);
        try (Dashboard dashboard = Dashboard.start(kafkaOptions.settings(), access, port, history, !noFaceCrops)) {
            Termination.install(stop::countDown);
            access.exposure("live face crops and emotions").ifPresent(w -> System.err.println("dashboard: warning: " + w));
            System.err.println("dashboard: " + access.scheme() + "://" + access.displayHost() + ":" + dashboard.port() + "/"
                    + (access.token() == null ? "" : " (open it once with ?token=TOKEN)"));
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (!dashboard.feeding()) {
                    return 1; // its thread printed why
                }
            }
        }
        return 0;
    }
}
