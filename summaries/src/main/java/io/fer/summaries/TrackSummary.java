package io.fer.summaries;

import io.fer.schemas.EmotionEvent;
import io.fer.schemas.EmotionSummary;
import io.fer.schemas.EmotionTransition;
import io.fer.schemas.Probabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * What one track has shown so far, folded from its events in order (pure logic; a Kafka Streams aggregate keeps one
 * per track). Shares are time-weighted: windows overlap (16 frames sliding by 4), so each window counts for the time
 * it adds after the previous window's end. The current emotion has hysteresis: another label becomes current only
 * after it has led {@link #HYSTERESIS} windows in a row, so one noisy window does not flip it.
 */
public final class TrackSummary {
    public static final int HYSTERESIS = 3;
    public static final int MAX_TRANSITIONS = 200;

    public String streamId;
    public int trackId;
    public long startUs = -1;
    public long endUs;
    public boolean ended;
    public long windows;
    public List<String> classes = new ArrayList<>();
    /** probability x microseconds per class */
    public double[] weighted = new double[0];
    public double weightUs;
    public String current = "";
    public long currentSinceUs;
    public String challenger = "";
    public int challengerRun;
    public long challengerSinceUs;
    public List<Transition> transitions = new ArrayList<>();
    public String modelVersion = "";

    public record Transition(String from, String to, long atUs) {}

    public TrackSummary() {}

    /** Folds one event (a window or the track's end marker) into the summary; returns it. */
    public TrackSummary add(EmotionEvent e) {
        streamId = e.getStreamId();
        trackId = e.getTrackId();
        if (e.getEndOfTrack()) {
            ended = true;
            return this;
        }
        if (classes.isEmpty()) {
            classes = new ArrayList<>(e.getClasses());
            weighted = new double[classes.size()];
        }
        modelVersion = e.getModelVersion();
        long from = windows == 0 ? e.getWindowStartUs() : Math.max(e.getWindowStartUs(), endUs);
        long weight = Math.max(0, e.getWindowEndUs() - from);
        if (windows == 0) {
            startUs = e.getWindowStartUs();
            weight = Math.max(1, weight);
        }
        for (int i = 0; i < weighted.length && i < e.getProbabilities().size(); i++) {
            weighted[i] += e.getProbabilities().get(i) * weight;
        }
        weightUs += weight;
        endUs = Math.max(endUs, e.getWindowEndUs());
        windows++;
        follow(e.getLabel(), e.getWindowStartUs());
        return this;
    }

    private void follow(String label, long atUs) {
        if (current.isEmpty()) {
            current = label;
            currentSinceUs = atUs;
            return;
        }
        if (label.equals(current)) {
            challenger = "";
            challengerRun = 0;
            return;
        }
        if (!label.equals(challenger)) {
            challenger = label;
            challengerRun = 0;
            challengerSinceUs = atUs;
        }
        if (++challengerRun >= HYSTERESIS) {
            if (transitions.size() < MAX_TRANSITIONS) {
                transitions.add(new Transition(current, challenger, challengerSinceUs));
            }
            current = challenger;
            currentSinceUs = challengerSinceUs;
            challenger = "";
            challengerRun = 0;
        }
    }

    public float[] shares() {
        float[] s = new float[weighted.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = weightUs > 0 ? (float) (weighted[i] / weightUs) : 0f;
        }
        return s;
    }

    public String dominant() {
        return argmax(classes, shares());
    }

    static String argmax(List<String> classes, float[] shares) {
        int best = Probabilities.argmax(shares);
        return best < 0 ? "" : classes.get(best);
    }

    public EmotionSummary toAvro() {
        List<Float> s = new ArrayList<>();
        for (float f : shares()) {
            s.add(f);
        }
        List<EmotionTransition> t = transitions.stream()
                .map(x -> EmotionTransition.newBuilder().setFrom(x.from()).setTo(x.to()).setAtUs(x.atUs()).build()).toList();
        return EmotionSummary.newBuilder().setStreamId(streamId).setTrackId(trackId).setStartUs(Math.max(0, startUs)).setEndUs(endUs)
                .setEnded(ended).setWindows(windows).setClasses(classes).setShares(s).setDominant(dominant()).setCurrent(current)
                .setCurrentSinceUs(currentSinceUs).setTransitions(t).setTracks(1).setModelVersion(modelVersion).build();
    }
}
