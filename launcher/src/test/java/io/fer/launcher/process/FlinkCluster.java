package io.fer.launcher.process;

import io.fer.schemas.net.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster as OS processes (ENV-NOTES' recipe, as Flink's own start scripts do it): one
 * JobManager and N TaskManagers from Flink's runtime jars. Their lib/ is the launcher's dependencies without the
 * project's own jars, so job code comes only from the submitted job jar, and TensorFlow Java from lib/, as on a real
 * cluster.
 */
public final class FlinkCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path conf;
    private final Path dir;
    private final int restPort;
    private final OsProcess jobManager;
    private final List<OsProcess> taskManagers = new ArrayList<>();

    private FlinkCluster(Path dir, Path conf, int restPort, OsProcess jobManager) {
        this.dir = dir;
        this.conf = conf;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /** Starts the JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each; returns once all are registered. */
    public static FlinkCluster start(Path dir, int taskManagers, int slots) throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        int[] ports = FreePorts.distinct(2);
        int rpc = ports[0];
        int rest = ports[1];
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpc,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + rest,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.memory.process.size: 2048m",
                "taskmanager.memory.managed.fraction: 0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.cpu.cores: 1",
                // spread the subtasks over the TaskManagers (the test still kills one that runs some)
                "taskmanager.load-balance.mode: SLOTS",
                // a killed TaskManager is noticed in seconds, not the default 50 s
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 8000",
                "io.tmp.dirs: " + dir.resolve("tmp"),
                ""));
        Files.createDirectories(dir.resolve("tmp"));
        List<String> jm = new ArrayList<>(List.of(OsProcess.javaBinary(), "-Xmx768m", logback(), "-cp", libClasspath(),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", conf.toString()));
        FlinkCluster c = new FlinkCluster(dir, conf, rest, OsProcess.command("jobmanager", dir, jm));
        for (int i = 0; i < taskManagers; i++) {
            c.startTaskManager(i);
        }
        c.awaitTaskManagers(taskManagers, Duration.ofSeconds(120));
        return c;
    }

    private void startTaskManager(int i) throws Exception {
        List<String> params = resourceParams();
        List<String> cmd = new ArrayList<>();
        cmd.add(OsProcess.javaBinary());
        cmd.addAll(Arrays.asList(params.get(0).trim().split("\\s+")));
        cmd.addAll(List.of(logback(), "-cp", libClasspath(), "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "--configDir", conf.toString()));
        cmd.addAll(Arrays.asList(params.get(1).trim().split("\\s+")));
        cmd.addAll(List.of("-D", "taskmanager.resource-id=tm-" + i)); // so the REST API's ids name our processes
        taskManagers.add(OsProcess.command("taskmanager-" + i, dir, cmd));
    }

    /** JVM flags and -D properties for a TaskManager, resolved by Flink as its start scripts do. */
    private List<String> resourceParams() throws Exception {
        Process p = new ProcessBuilder(OsProcess.javaBinary(), "-cp", libClasspath(), "org.apache.flink.runtime.util.bash.BashJavaUtils",
                "GET_TM_RESOURCE_PARAMS", "--configDir", conf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        List<String> lines = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        if (lines.size() < 2) {
            throw new IllegalStateException("BashJavaUtils gave no TaskManager parameters:\n" + out);
        }
        return lines;
    }

    /**
     * A Flink distribution's lib/ plus TensorFlow Java: the launcher's runtime jars without what the job jar brings
     * (the project's own code, the Kafka connector, Kafka clients, Avro). Flink's parent-first loading of
     * org.apache.flink.* would otherwise take the connector from here and Kafka's classes from the job jar.
     */
    static String libClasspath() throws IOException {
        Path lib = Path.of("target", "lib").toAbsolutePath();
        List<String> jobJarBrings = List.of("fer-", "kafka", "flink-connector-kafka", "avro-");
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(j -> jobJarBrings.stream().noneMatch(p -> j.getFileName().toString().startsWith(p)))
                    .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
    }

    private static String logback() {
        return "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath();
    }

    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    public OsProcess taskManager(int i) {
        return taskManagers.get(i);
    }

    /** The index of a TaskManager that runs some of the job's subtasks (some of its slots are taken). */
    public int busyTaskManager() throws Exception {
        for (JsonNode tm : rest("/taskmanagers").path("taskmanagers")) {
            if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) {
                return Integer.parseInt(tm.path("id").asText().substring("tm-".length()));
            }
        }
        throw new IllegalStateException("no TaskManager runs a subtask: " + rest("/taskmanagers"));
    }

    public OsProcess jobManager() {
        return jobManager;
    }

    /** GET on the REST API, as JSON. */
    public JsonNode rest(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    public void awaitTaskManagers(int n, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                JsonNode o = rest("/overview");
                last = o.toString();
                if (o.path("taskmanagers").asInt() >= n) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(n + " TaskManagers not registered within " + timeout + " (" + last + "):\n"
                + jobManager.tail());
    }

    /** The job's status (RUNNING, RESTARTING, ...). */
    public String jobStatus(String jobId) throws Exception {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    @Override
    public void close() throws InterruptedException {
        for (OsProcess tm : taskManagers) {
            tm.close();
        }
        jobManager.close();
    }
}
