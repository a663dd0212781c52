package io.fer.summaries;

import io.fer.schemas.EmotionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's summary over its tracks (pure logic; a Kafka Streams table aggregate with adder and subtractor keeps one
 * per stream): shares weighted by each track's time, the current emotion of the track seen last, ended once the
 * stream's end marker has come.
 */
public final class StreamSummary {
    public String streamId;
    public boolean ended;
    public Map<Integer, TrackSummary> tracks = new TreeMap<>();

    public StreamSummary() {}

    /** A track's new summary; the stream's end marker arrives as the pseudo-track -1. */
    public StreamSummary put(TrackSummary t) {
        streamId = t.streamId;
        if (t.trackId < 0) {
            ended = ended || t.ended;
        } else {
            tracks.put(t.trackId, t);
        }
        return this;
    }

    public StreamSummary remove(TrackSummary t) {
        if (t.trackId >= 0) {
            tracks.remove(t.trackId);
        }
        return this;
    }

    public EmotionSummary toAvro() {
        List<String> classes = new ArrayList<>();
        double[] weighted = new double[0];
        double weight = 0;
        long start = Long.MAX_VALUE;
        long end = 0;
        long windows = 0;
        TrackSummary latest = null;
        String model = "";
        for (TrackSummary t : tracks.values()) {
            if (t.windows == 0) {
                continue;
            }
            if (classes.isEmpty()) {
                classes = t.classes;
                weighted = new double[classes.size()];
            }
            for (int i = 0; i < weighted.length && i < t.weighted.length; i++) {
                weighted[i] += t.weighted[i];
            }
            weight += t.weightUs;
            start = Math.min(start, t.startUs);
            end = Math.max(end, t.endUs);
            windows += t.windows;
            model = t.modelVersion;
            if (latest == null || t.endUs > latest.endUs) {
                latest = t;
            }
        }
        List<Float> shares = new ArrayList<>();
        float[] s = new float[weighted.length];
        for (int i = 0; i < weighted.length; i++) {
            s[i] = weight > 0 ? (float) (weighted[i] / weight) : 0f;
            shares.add(s[i]);
        }
        return EmotionSummary.newBuilder().setStreamId(streamId).setTrackId(-1).setStartUs(start == Long.MAX_VALUE ? 0 : start)
                .setEndUs(end).setEnded(ended).setWindows(windows).setClasses(classes).setShares(shares)
                .setDominant(TrackSummary.argmax(classes, s)).setCurrent(latest == null ? "" : latest.current)
                .setCurrentSinceUs(latest == null ? 0 : latest.currentSinceUs).setTransitions(List.of()).setTracks(tracks.size())
                .setModelVersion(model).build();
    }
}
