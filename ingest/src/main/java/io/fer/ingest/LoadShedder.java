package io.fer.ingest;

import java.time.Duration;

/**
 * A live stream's overload policy, pure: keep one frame in every {@code keepEvery}, with keepEvery raised when the
 * stream's frames come out of the pipeline too late (lag past a threshold, not draining) and lowered again when the
 * lag stays low. Kept frames are evenly spaced, so the windows downstream hold frames at a regular (k times longer)
 * spacing.
 * <p>
 * Only frames kept after the last change are evidence about the current keepEvery: the frames queued before
 * it still drain at the old cost, and reacting to them again would overshoot. A lowering that has to be undone soon
 * is a probe: when the lag climbs above the floor it had before, the previous setting comes back at once, and the next
 * probe waits twice as long (up to a minute), so a stream near capacity does not oscillate. Thread-safe: the ingest
 * thread asks {@link #keep}, the lag probe's thread calls {@link #observe}.
 */
public final class LoadShedder {
    /**
     * keepEvery never goes beyond this: one frame in 16 is 1.6 frames/s of a 25 frames/s camera, a window of 16 frames
     * then spans 10 s. Four four-face cameras on two cores need more than 1 in 8 (fer bench pipeline --streams 4).
     */
    public static final int MAX_KEEP_EVERY = 16;
    private static final long FIRST_CALM_US = 2_000_000;
    private static final long LONGEST_CALM_US = 60_000_000;
    /** observations over the threshold this far apart (capture time) give the lag's trend */
    private static final long TREND_SPAN_US = 250_000;
    /** a queue that drains below the threshold within this long is left to drain */
    private static final long DRAIN_HORIZON_US = 3_000_000;
    /** the share of the pipeline's capacity a stream is brought back to when it sheds more */
    private static final double TARGET_UTILISATION = 0.8;

    private final Duration maxLag;
    private final long raiseAboveUs;
    private final long lowerBelowUs;
    /**
     * A stream starts cautious, at one frame in {@link #START_KEEP_EVERY}, and probes its way down: the queue that
     * builds before the first evidence arrives cannot be shed any more, so starting at every frame on a machine that
     * cannot take it costs seconds of lag; starting low costs a few seconds at a lower frame rate.
     */
    public static final int START_KEEP_EVERY = 4;
    private int keepEvery;
    /** whether any observation was evidence yet: until then the start may still be raised to a shared one */
    private boolean measured;
    private int skipBeforeNext;
    /** capture time of the first frame kept under the current keepEvery; older frames are not evidence */
    private long changedAtUs = Long.MIN_VALUE;
    private long calmSinceUs = Long.MIN_VALUE;
    private long calmNeededUs = FIRST_CALM_US;
    /** after a lowering: the keepEvery that held before it (0: not probing), and the lag floor it had */
    private int probingFrom;
    private long probeFloorUs;
    private boolean awaitingFirstKept = true;
    private long trendFromUs = Long.MIN_VALUE;
    private long trendFromLagUs;
    /** the lowest lag since the last change: the pipeline's own latency at this setting, with no queue */
    private long floorUs = Long.MAX_VALUE;
    private final long floorSlackUs;

    /** @param maxLag the frame-to-event latency to hold; above three quarters of it the stream sheds more */
    public LoadShedder(Duration maxLag) {
        this(maxLag, START_KEEP_EVERY);
    }

    /** @param startKeepEvery the keepEvery it starts at, before any evidence (see {@link #startFor}) */
    public LoadShedder(Duration maxLag, int startKeepEvery) {
        if (startKeepEvery < 1 || startKeepEvery > MAX_KEEP_EVERY) {
            throw new IllegalArgumentException("start keepEvery must be 1.." + MAX_KEEP_EVERY + ", got " + startKeepEvery);
        }
        this.keepEvery = startKeepEvery;
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("max lag must be positive, got " + maxLag);
        }
        this.maxLag = maxLag;
        long maxLagUs = maxLag.toNanos() / 1000;
        this.raiseAboveUs = maxLagUs * 3 / 4;
        this.lowerBelowUs = maxLagUs * 3 / 8;
        this.floorSlackUs = maxLagUs / 4;
    }

    /**
     * Where a stream starts when {@code liveStreams} live streams (itself included) share one pipeline: together as
     * cautious as one stream alone. Started at one in {@link #START_KEEP_EVERY} each, four four-face cameras on two
     * cores were at twice the pipeline's capacity for the second or so it takes the first lag to come back, and the
     * queue built in that time held their events 1-2.5 s late for the next 5-10 s (fer bench pipeline --streams 4).
     */
    public static int startFor(int liveStreams) {
        return Math.min(MAX_KEEP_EVERY, START_KEEP_EVERY * Math.max(1, liveStreams));
    }

    /** Raises the start to this keepEvery if no observation has been evidence yet (a sibling stream joined). */
    public synchronized void startNoLowerThan(int startKeepEvery) {
        if (!measured && startKeepEvery > keepEvery) {
            change(Math.min(MAX_KEEP_EVERY, startKeepEvery));
        }
    }

    /** Whether the frame captured at this time goes on; frames of a stream are asked in capture order. */
    public synchronized boolean keep(long captureUs) {
        if (skipBeforeNext > 0) {
            skipBeforeNext--;
            return false;
        }
        skipBeforeNext = keepEvery - 1;
        if (awaitingFirstKept) {
            changedAtUs = captureUs;
            awaitingFirstKept = false;
        }
        return true;
    }

    /**
     * The pipeline is done with the stream up to the frame captured at {@code frameCaptureUs}, and it is {@code nowUs}
     * (same clock: live capture times are wall-clock).
     */
    public synchronized void observe(long frameCaptureUs, long nowUs) {
        if (awaitingFirstKept || frameCaptureUs < changedAtUs) {
            return;
        }
        measured = true;
        long lagUs = nowUs - frameCaptureUs;
        if (lagUs > raiseAboveUs) {
            calmSinceUs = Long.MIN_VALUE;
            if (keepEvery < MAX_KEEP_EVERY) {
                raiseUnlessDraining(frameCaptureUs, lagUs, nowUs);
            }
            return;
        }
        trendFromUs = Long.MIN_VALUE;
        if (probingFrom > 0 && lagUs > probeFloorUs + floorSlackUs) {
            // a queue forms at the lower setting: back to the one that held, and wait longer before the next try
            calmNeededUs = Math.min(LONGEST_CALM_US, calmNeededUs * 2);
            int back = probingFrom;
            probingFrom = 0;
            change(back);
            return;
        }
        floorUs = Math.min(floorUs, lagUs);
        // calm: well under the bound, or no queue at all (the pipeline's own latency may be above lowerBelowUs)
        boolean calm = lagUs < lowerBelowUs || lagUs <= floorUs + floorSlackUs;
        if (calm && keepEvery > 1) {
            calmSinceUs = calmSinceUs == Long.MIN_VALUE ? nowUs : calmSinceUs;
            if (nowUs - calmSinceUs >= calmNeededUs) {
                probingFrom = keepEvery;
                probeFloorUs = floorUs;
                change(keepEvery - 1);
            }
        } else {
            calmSinceUs = Long.MIN_VALUE;
        }
    }

    /**
     * Over the threshold: the lag's trend over the frames since the first such event says whether the queue is
     * draining fast enough. Lag gained per second of capture time is the load above capacity (utilisation - 1), so
     * keepEvery is raised to bring the utilisation to {@link #TARGET_UTILISATION}, by one step at least.
     */
    private void raiseUnlessDraining(long frameCaptureUs, long lagUs, long nowUs) {
        if (trendFromUs == Long.MIN_VALUE) {
            trendFromUs = frameCaptureUs;
            trendFromLagUs = lagUs;
            return;
        }
        long spanUs = frameCaptureUs - trendFromUs;
        if (spanUs < TREND_SPAN_US) {
            return;
        }
        double slope = (double) (lagUs - trendFromLagUs) / spanUs;
        trendFromUs = frameCaptureUs;
        trendFromLagUs = lagUs;
        if (slope < 0 && (lagUs - raiseAboveUs) / -slope <= DRAIN_HORIZON_US) {
            return; // back under the threshold soon at this setting
        }
        probingFrom = 0;
        int needed = (int) Math.ceil(keepEvery * Math.max(0, 1 + slope) / TARGET_UTILISATION);
        change(Math.min(MAX_KEEP_EVERY, Math.max(keepEvery + 1, needed)));
    }

    private void change(int newKeepEvery) {
        keepEvery = newKeepEvery;
        skipBeforeNext = Math.min(skipBeforeNext, keepEvery - 1);
        awaitingFirstKept = true;
        calmSinceUs = Long.MIN_VALUE;
        trendFromUs = Long.MIN_VALUE;
        floorUs = Long.MAX_VALUE;
    }

    public Duration maxLag() {
        return maxLag;
    }

    /** One frame in this many goes on (1: none shed). */
    public synchronized int keepEvery() {
        return keepEvery;
    }
}
