package io.fer.launcher.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OS process of the project's classpath (the launcher's build output), with its output in a log file, that a
 * test kills with SIGKILL or stops with SIGTERM and starts again with the same arguments.
 */
public final class OsProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path log;
    private final Map<String, String> env = new HashMap<>();
    private Process process;
    private volatile int starts;

    private OsProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    /** java [jvmArgs] -cp target/classes:target/lib/* mainClass args, started at once. */
    public static OsProcess java(String name, Path logDir, List<String> jvmArgs, String mainClass, List<String> args) {
        return java(name, logDir, jvmArgs, mainClass, args, Map.of());
    }

    /** As above, with extra environment variables (secrets a command reads from its environment). */
    public static OsProcess java(String name, Path logDir, List<String> jvmArgs, String mainClass, List<String> args,
            Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(args);
        OsProcess p = new OsProcess(name, cmd, logDir.resolve(name + ".log"));
        p.env.putAll(env);
        p.start();
        return p;
    }

    /** Any command line, started at once. */
    public static OsProcess command(String name, Path logDir, List<String> command) {
        OsProcess p = new OsProcess(name, List.copyOf(command), logDir.resolve(name + ".log"));
        p.start();
        return p;
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The launcher module's classes and its runtime dependencies (as the fer script runs them). */
    public static String classpath() {
        Path target = Path.of("target").toAbsolutePath();
        if (!Files.isDirectory(target.resolve("lib"))) {
            throw new IllegalStateException("no " + target.resolve("lib") + ": run mvn package first");
        }
        return target.resolve("classes") + File.pathSeparator + target.resolve("lib") + File.separator + "*";
    }

    public synchronized void start() {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
            pb.environment().putAll(env);
            Files.writeString(log, "\n=== start " + (++starts) + " ===\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** kill -9: no shutdown hook, nothing flushed, nothing committed. */
    public synchronized void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for the exit. */
    public synchronized int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; its exit status, or throws with the log's tail. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running after " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Waits until the output since the latest start contains the text; throws with the log's tail if it does not. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String marker = "=== start " + starts + " ===";
        while (System.nanoTime() < deadline) {
            try {
                String all = Files.readString(log);
                if (all.substring(Math.max(0, all.lastIndexOf(marker))).contains(text)) {
                    return;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + log + ": " + e.getMessage(), e);
            }
            if (!alive()) {
                throw new IllegalStateException(name + " exited before printing '" + text + "':\n" + tail());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not print '" + text + "' within " + timeout + ":\n" + tail());
    }

    /** The last lines of the log, for assertion messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9();
        }
    }
}
