package io.fer.classifier.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stream's assembly state in plain maps, for tests without Flink. */
final class MapStreamState implements StreamState {
    private StreamCursor cursor;
    private Long countedInEpoch;
    private final Map<String, ModalityProgress> progress = new HashMap<>();
    private final Map<Integer, TrackCursor> tracks = new HashMap<>();
    private final Map<Long, FrameSlot> slots = new TreeMap<>();

    /** Entries held, counted as Flink counts keyed state entries. */
    int entries() {
        return (cursor == null ? 0 : 1) + (countedInEpoch == null ? 0 : 1) + progress.size() + tracks.size() + slots.size();
    }

    @Override
    public StreamCursor cursor() {
        return cursor;
    }

    @Override
    public void cursor(StreamCursor c) {
        cursor = c;
    }

    @Override
    public ModalityProgress progress(String modality) {
        return progress.get(modality);
    }

    @Override
    public void progress(String modality, ModalityProgress p) {
        progress.put(modality, p);
    }

    @Override
    public Map<String, ModalityProgress> allProgress() {
        return new HashMap<>(progress);
    }

    @Override
    public TrackCursor track(int trackId) {
        return tracks.get(trackId);
    }

    @Override
    public void track(TrackCursor t) {
        tracks.put(t.trackId, t);
    }

    @Override
    public void removeTrack(int trackId) {
        tracks.remove(trackId);
    }

    @Override
    public List<TrackCursor> tracks() {
        return new ArrayList<>(tracks.values());
    }

    @Override
    public FrameSlot slot(long slotKey) {
        return slots.get(slotKey);
    }

    @Override
    public void slot(long slotKey, FrameSlot slot) {
        slots.put(slotKey, slot);
    }

    @Override
    public boolean removeSlot(long slotKey) {
        return slots.remove(slotKey) != null;
    }

    @Override
    public int slotCount() {
        return slots.size();
    }

    @Override
    public Long countedInEpoch() {
        return countedInEpoch;
    }

    @Override
    public void countedInEpoch(long epoch) {
        countedInEpoch = epoch;
    }

    @Override
    public void clear() {
        cursor = null;
        countedInEpoch = null;
        progress.clear();
        tracks.clear();
        slots.clear();
    }
}
