package io.fer.ingest;

/** Keeps frames at a target rate by event time: a frame is kept when its slot is later than the last kept one's. */
public final class FrameSampler {
    private final long periodUs;
    private long nextSlotUs = Long.MIN_VALUE;

    public FrameSampler(double targetFps) {
        this.periodUs = targetFps <= 0 ? 0 : Math.round(1_000_000 / targetFps);
    }

    public boolean keep(long timestampUs) {
        if (periodUs == 0) {
            return true;
        }
        if (nextSlotUs == Long.MIN_VALUE || timestampUs >= nextSlotUs) {
            long base = nextSlotUs == Long.MIN_VALUE ? timestampUs : nextSlotUs;
            // skip whole periods so a gap in the source does not cause a burst afterwards
            long periods = Math.max(1, (timestampUs - base) / periodUs + 1);
            nextSlotUs = base + periods * periodUs;
            return true;
        }
        return false;
    }
}
