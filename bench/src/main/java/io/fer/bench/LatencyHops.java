package io.fer.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a window's latency goes, hop by hop (pure logic). For the last frame of each window: when it was read from the
 * source, and when each topic received the record that carries it (producer time, ms: fer.frames, fer.faces, each
 * fer.emb.M); for its event, when fer.emotions received it. Hops: ingest (read to fer.frames), faces (fer.frames to
 * fer.faces), modalities (fer.faces to the last modality's vector), classifier (that vector to the event: Flink's
 * source, window, transformer and sink). The first record seen for a frame counts.
 */
public final class LatencyHops {
    public static final String READ = "read";
    public static final String FRAMES = "frames";
    public static final String FACES = "faces";

    private final List<String> modalities;
    /** stream -> frame -> point ("read", "frames", "faces", modality) -> wall ms */
    private final Map<String, Map<Long, Map<String, Long>>> times = new ConcurrentHashMap<>();
    private final Map<String, List<Double>> hops = new LinkedHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    public LatencyHops(List<String> modalities) {
        this.modalities = List.copyOf(modalities);
        for (String h : hopNames()) {
            hops.put(h, new ArrayList<>());
        }
    }

    public List<String> hopNames() {
        return List.of("ingest", "faces", "modalities", "classifier");
    }

    /** A frame reached a point (read, frames, faces or a modality) at wall-clock ms; the first time counts. */
    public void at(String point, String stream, long frameIndex, long wallMs) {
        times.computeIfAbsent(stream, k -> new ConcurrentHashMap<>()).computeIfAbsent(frameIndex, k -> new ConcurrentHashMap<>())
                .putIfAbsent(point, wallMs);
    }

    /** The event of a window ending at lastFrameIndex reached fer.emotions at wall ms; once per window and track. */
    public synchronized void event(String stream, int track, long firstFrameIndex, long lastFrameIndex, long wallMs) {
        if (seen.putIfAbsent(stream + "/" + track + "/" + firstFrameIndex, true) != null) {
            return;
        }
        Map<Long, Map<String, Long>> frames = times.get(stream);
        Map<String, Long> t = frames == null ? null : frames.get(lastFrameIndex);
        if (t == null || !t.keySet().containsAll(List.of(READ, FRAMES, FACES)) || !t.keySet().containsAll(modalities)) {
            return; // a frame whose records were not all seen (the reader started late): no breakdown for it
        }
        long lastVector = modalities.stream().mapToLong(t::get).max().orElse(t.get(FACES));
        hops.get("ingest").add((double) (t.get(FRAMES) - t.get(READ)));
        hops.get("faces").add((double) (t.get(FACES) - t.get(FRAMES)));
        hops.get("modalities").add((double) (lastVector - t.get(FACES)));
        hops.get("classifier").add((double) (wallMs - lastVector));
    }

    /** Per hop its median and p99 in ms, and how many windows were measured. */
    public synchronized Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> h : hops.entrySet()) {
            List<Double> v = new ArrayList<>(h.getValue());
            Collections.sort(v);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("p50", LatencyRecorder.nearestRank(v, 0.50));
            s.put("p99", LatencyRecorder.nearestRank(v, 0.99));
            out.put(h.getKey(), s);
        }
        out.put("windows", hops.get("ingest").size());
        return out;
    }
}
