package io.fer.ingest.pipeline;

import java.util.Random;

/** Exponential backoff with full jitter (a random delay up to the current bound), capped. Pure. */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final Random random;
    private long boundMs;

    public Backoff(long initialMs, long maxMs, long seed) {
        if (initialMs <= 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initialMs + ", " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = new Random(seed);
        this.boundMs = initialMs;
    }

    /** The next delay: uniform in [bound/2, bound], then the bound doubles up to the cap. */
    public long nextDelayMs() {
        long d = boundMs / 2 + (long) (random.nextDouble() * (boundMs - boundMs / 2 + 1));
        boundMs = Math.min(maxMs, boundMs * 2);
        return d;
    }

    public void reset() {
        boundMs = initialMs;
    }
}
