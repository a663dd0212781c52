package io.fer.training.features;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Clips extracted so far, reported every 10 s while a long extraction runs. The count is per JVM: the training and
 * evaluation jobs run on a local MiniCluster in the caller's JVM, so the extraction functions count where the caller reads.
 */
public final class ExtractionProgress implements AutoCloseable {
    static final AtomicLong DONE = new AtomicLong();
    private final ScheduledExecutorService timer;

    private ExtractionProgress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static ExtractionProgress start(int clips, Consumer<String> progress) {
        DONE.set(0);
        long start = System.nanoTime();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "extraction-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            long done = DONE.get();
            if (done >= clips) { // the BATCH job sorts every clip's vectors by clip, then assembles the windows
                progress.accept("all " + clips + " clips through the generators; assembling their windows");
                return;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            progress.accept(String.format("extracted %d/%d clips (%.0f%%), %.1f clips/s, about %.0f s left", done, clips,
                    100.0 * done / Math.max(1, clips), rate, rate > 0 ? (clips - done) / rate : Double.NaN));
        }, 10, 10, TimeUnit.SECONDS);
        return new ExtractionProgress(timer);
    }

    static void clipDone() {
        DONE.incrementAndGet();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
