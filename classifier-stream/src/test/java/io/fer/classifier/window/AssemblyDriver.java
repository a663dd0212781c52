package io.fer.classifier.window;

import io.fer.classifier.model.Embedding;
import io.fer.classifier.model.FeatureWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives a {@link StreamAssembler} as its Flink host does, without Flink: one state per stream, a processing-time
 * clock whose timers fire in order when it moves on, and everything emitted or counted recorded.
 */
final class AssemblyDriver implements AssemblyOutput {
    final StreamAssembler assembler;
    final Map<String, MapStreamState> states = new HashMap<>();
    final List<FeatureWindow> emitted = new ArrayList<>();
    int timeouts;
    int lateVectors;
    int staleVectors;
    private final TreeMap<Long, List<String>> timers = new TreeMap<>();
    private String current;
    private long nowMs;

    AssemblyDriver(ModalityLayout layout, WindowPlan plan, AssemblyTiming timing) {
        assembler = new StreamAssembler(layout, plan, timing);
    }

    void send(Embedding... records) {
        for (Embedding e : records) {
            current = e.streamId;
            assembler.onEmbedding(e.streamId, e, nowMs, state(e.streamId), this);
        }
    }

    /** Moves the clock on, firing every timer due by then in time order. */
    void clock(long toMs) {
        while (!timers.isEmpty() && timers.firstKey() <= toMs) {
            Map.Entry<Long, List<String>> due = timers.pollFirstEntry();
            nowMs = due.getKey();
            for (String stream : due.getValue()) {
                current = stream;
                assembler.onTimer(stream, due.getKey(), state(stream), this);
            }
        }
        nowMs = toMs;
    }

    MapStreamState state(String stream) {
        return states.computeIfAbsent(stream, s -> new MapStreamState());
    }

    int pendingTimers() {
        return timers.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void emit(FeatureWindow window) {
        emitted.add(window);
    }

    @Override
    public void armTimer(long atMs) {
        List<String> streams = timers.computeIfAbsent(atMs, t -> new ArrayList<>());
        if (!streams.contains(current)) {
            streams.add(current); // one timer per key and time, as in Flink
        }
    }

    @Override
    public void modalityTimedOut() {
        timeouts++;
    }

    @Override
    public void lateVector() {
        lateVectors++;
    }

    @Override
    public void staleVector() {
        staleVectors++;
    }
}
