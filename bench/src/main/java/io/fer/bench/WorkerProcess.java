package io.fer.bench;

import io.fer.launcher.Fer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A `fer worker` as its own OS process (this JVM's classpath), for measurements a shared JVM cannot give: its peak RSS,
 * and its stages' times read from its Prometheus endpoint. Stopped with SIGTERM, as a deployment stops it.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\}\\s+(\\S+)");
    private static final Pattern STAGE = Pattern.compile("stage=\"([^\"]+)\"");

    private final Process process;
    private final Path log;
    private final int metricsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WorkerProcess(Process process, Path log, int metricsPort) {
        this.process = process;
        this.log = log;
        this.metricsPort = metricsPort;
    }

    /** Starts the worker and waits until its metrics endpoint answers. */
    static WorkerProcess start(String bootstrap, List<String> stages, int detectEvery, List<String> javaOptions) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("fer-bench-worker", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Fer.class.getName(), "worker", "--bootstrap", bootstrap,
                "--stage", String.join(",", stages), "--detect-every", Integer.toString(detectEvery),
                "--metrics-host", "127.0.0.1", "--metrics-port", Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("FER_CONSOLE_FD"); // its console is the log file
        pb.environment().put("FER_STDERR_TTY", "0");
        WorkerProcess w = new WorkerProcess(pb.start(), log, port);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            w.checkAlive();
            try {
                w.scrape();
                return w;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    w.close();
                    throw new IllegalStateException("the worker process did not open its metrics endpoint within 3 minutes: " + w.lastLogLine());
                }
                Thread.sleep(200);
            }
        }
    }

    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("metrics: HTTP " + r.statusCode());
        }
        return r.body();
    }

    /** Its stages' times (fer_model_latency, fer_stage_latency) and items (fer_stage_items_total), from one scrape. */
    StageMeters meters() throws IOException, InterruptedException {
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, Double> items = new LinkedHashMap<>();
        for (String line : scrape().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            Matcher s = m.find() ? STAGE.matcher(m.group(2)) : null;
            if (s == null || !s.find()) {
                continue;
            }
            double value = Double.parseDouble(m.group(3));
            switch (m.group(1)) {
                case "fer_model_latency_seconds_sum" -> times.computeIfAbsent(s.group(1), k -> new double[2])[0] = value * 1000;
                case "fer_stage_latency_seconds_sum" -> times.computeIfAbsent(s.group(1), k -> new double[2])[1] = value * 1000;
                case "fer_stage_items_total" -> items.put(s.group(1), value);
                default -> { }
            }
        }
        return new StageMeters(times, items);
    }

    /** Throws, with the end of its log, when the worker process has exited. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the worker process exited with code " + process.exitValue() + ": " + lastLogLine());
        }
    }

    long peakRssMb() {
        return PipelineFigures.peakRssMb(process.pid());
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the stages commit their rounds and leave their groups
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
