package io.fer.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer.schemas.EmotionEvent;

/**
 * One emotion event as one JSON line, with the Avro schema's field names in its order (fer events --json and the
 * demo's --events-out write the same): probabilities is an array in the order of classes.
 */
public final class EventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    public static String toJson(EmotionEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("streamId", e.getStreamId());
        o.put("trackId", e.getTrackId());
        o.put("windowStartUs", e.getWindowStartUs());
        o.put("windowEndUs", e.getWindowEndUs());
        o.put("firstFrameIndex", e.getFirstFrameIndex());
        o.put("lastFrameIndex", e.getLastFrameIndex());
        var classes = o.putArray("classes");
        e.getClasses().forEach(classes::add);
        var p = o.putArray("probabilities");
        e.getProbabilities().forEach(v -> p.add(round(v)));
        o.put("label", e.getLabel());
        o.put("confidence", round(e.getConfidence()));
        o.put("modelVersion", e.getModelVersion());
        var mods = o.putArray("modalities");
        e.getModalities().forEach(mods::add);
        o.put("endOfTrack", e.getEndOfTrack());
        o.put("tracksInStream", e.getTracksInStream());
        o.put("framesPerSecond", e.getFramesPerSecond());
        return o.toString();
    }

    private static double round(float v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
