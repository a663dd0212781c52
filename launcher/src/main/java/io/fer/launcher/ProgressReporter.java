package io.fer.launcher;

import io.fer.ingest.pipeline.IngestStats;
import java.io.PrintStream;
import java.util.Map;

/**
 * A progress line per stream on stderr: frames published, frames per second, and for files with a known
 * length the ETA. Redrawn in place on a terminal, printed every 10 s otherwise.
 */
public final class ProgressReporter implements AutoCloseable {
    private final Map<String, IngestStats> stats;
    private final Map<String, Long> totals;
    private final PrintStream err;
    private final boolean terminal = System.console() != null;
    private final long startNs = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    public ProgressReporter(Map<String, IngestStats> stats, Map<String, Long> totals, PrintStream err) {
        this.stats = stats;
        this.totals = totals;
        this.err = err;
        this.thread = new Thread(this::loop, "fer-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        long lastPrint = 0;
        while (running) {
            try {
                Thread.sleep(terminal ? 500 : 1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (!terminal && now - lastPrint < 10_000_000_000L) {
                continue;
            }
            lastPrint = now;
            err.print((terminal ? "\r" : "") + line() + (terminal ? "" : "\n"));
            err.flush();
        }
    }

    String line() {
        double secs = Math.max(1e-3, (System.nanoTime() - startNs) / 1e9);
        StringBuilder sb = new StringBuilder();
        stats.forEach((id, s) -> {
            long done = s.published.get();
            double fps = s.decoded.get() / secs;
            sb.append(String.format("[%s] %d frames %.1f fps", id, done, fps));
            long total = totals.getOrDefault(id, 0L);
            if (total > 0 && fps > 0) {
                long left = Math.max(0, total - s.decoded.get());
                sb.append(String.format(" %d%% ETA %ds", Math.min(100, 100 * s.decoded.get() / total), (long) (left / fps)));
            }
            if (s.dropped.get() > 0) {
                sb.append(" dropped ").append(s.dropped.get());
            }
            if (s.shed.get() > 0) {
                sb.append(String.format(" shed %d (1 in %d kept)", s.shed.get(), s.keepEvery.get()));
            }
            if (s.downSinceMs.get() > 0) {
                sb.append(" DOWN ").append((System.currentTimeMillis() - s.downSinceMs.get()) / 1000).append("s");
            }
            sb.append("  ");
        });
        return sb.toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (terminal) {
            err.println();
        }
    }
}
