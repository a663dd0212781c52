package io.fer.ingest.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** Counters of one stream's ingest, readable while it runs (progress, metrics). */
public final class IngestStats {
    public final AtomicLong decoded = new AtomicLong();
    public final AtomicLong sampledOut = new AtomicLong();
    public final AtomicLong published = new AtomicLong();
    public final AtomicLong batches = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    /** live frames left out by the overload policy to hold the stream's latency */
    public final AtomicLong shed = new AtomicLong();
    /** the overload policy's current setting: one frame in this many goes on */
    public final AtomicInteger keepEvery = new AtomicInteger(1);
    public final AtomicLong reconnects = new AtomicLong();
    public final AtomicLong gaps = new AtomicLong();
    public final AtomicLong longestGapMs = new AtomicLong();
    /** wall-clock ms since which the source is down, 0 while it is up */
    public final AtomicLong downSinceMs = new AtomicLong();
    private final LongConsumer frameRead;

    public IngestStats() {
        this(index -> {});
    }

    /** @param frameRead told the index of each frame as it is read from the source and kept (benchmarks time it) */
    public IngestStats(LongConsumer frameRead) {
        this.frameRead = frameRead;
    }

    /** A frame was read and goes on to be encoded and published under this index. */
    public void frameRead(long index) {
        frameRead.accept(index);
    }
}
