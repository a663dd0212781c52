package io.fer.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Frame-to-event latency (pure logic): when each frame of each stream was read from its source, and when the event
 * of a window ending at that frame became readable; an event counts once per (stream, track, window), the first
 * time it is seen. Times in nanoseconds of one clock (System.nanoTime).
 */
public final class LatencyRecorder {
    private final Map<String, Map<Long, Long>> readNs = new ConcurrentHashMap<>();
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** one per event matched to its window's last frame; guarded by itself */
    private final List<Sample> samples = new ArrayList<>();
    private volatile long unmatched;

    public void frameRead(String stream, long frameIndex, long nanos) {
        readNs.computeIfAbsent(stream, k -> new ConcurrentHashMap<>()).put(frameIndex, nanos);
    }

    /** An event of the window that ends at lastFrameIndex was read at nanos. */
    public void eventRead(String stream, int track, long firstFrameIndex, long lastFrameIndex, long nanos) {
        if (seen.putIfAbsent(stream + "/" + track + "/" + firstFrameIndex, nanos) != null) {
            return;
        }
        Map<Long, Long> frames = readNs.get(stream);
        Long read = frames == null ? null : frames.get(lastFrameIndex);
        if (read == null) {
            unmatched++;
            return;
        }
        synchronized (samples) {
            samples.add(new Sample(stream, track, lastFrameIndex, read, (nanos - read) / 1e6));
        }
    }

    /** @param windowEndReadNs when the window's last frame was read */
    private record Sample(String stream, int track, long lastFrameIndex, long windowEndReadNs, double latencyMs) {}

    /** The latencies of windows whose last frame was read at or after fromNs: a load controller's settling left out. */
    public LatencyRecorder from(long fromNs) {
        LatencyRecorder r = new LatencyRecorder();
        synchronized (samples) {
            samples.stream().filter(x -> x.windowEndReadNs() >= fromNs).forEach(r.samples::add);
        }
        return r;
    }

    /**
     * One CSV line per event, in the order their windows ended: which subscriber, stream, track, the window's last
     * frame, when it was read (seconds since {@code startNs}) and the latency; to see the latency over time.
     */
    public List<String> csvLines(String subscriber, long startNs) {
        synchronized (samples) {
            return samples.stream().sorted(Comparator.comparingLong(Sample::windowEndReadNs))
                    .map(x -> String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.1f", subscriber, x.stream(), x.track(),
                            x.lastFrameIndex(), (x.windowEndReadNs() - startNs) / 1e9, x.latencyMs()))
                    .toList();
        }
    }

    public int count() {
        synchronized (samples) {
            return samples.size();
        }
    }

    public long unmatched() {
        return unmatched;
    }

    /** The q-quantile (0..1) of the latencies in ms, nearest rank; NaN without any. */
    public double percentile(double q) {
        List<Double> sorted;
        synchronized (samples) {
            sorted = samples.stream().map(Sample::latencyMs).sorted().toList();
        }
        return nearestRank(sorted, q);
    }

    /** The q-quantile (0..1) of sorted values, nearest rank; NaN without any. */
    static double nearestRank(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
    }
}
