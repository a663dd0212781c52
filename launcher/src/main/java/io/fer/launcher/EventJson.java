package io.fer.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer.schemas.EmotionEvent;

/** One emotion event as one JSON line, probabilities keyed by class name. */
public final class EventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    public static String toJson(EmotionEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("streamId", e.getStreamId());
        o.put("trackId", e.getTrackId());
        o.put("windowStartUs", e.getWindowStartUs());
        o.put("windowEndUs", e.getWindowEndUs());
        o.put("firstFrame", e.getFirstFrameIndex());
        o.put("lastFrame", e.getLastFrameIndex());
        o.put("label", e.getLabel());
        o.put("confidence", round(e.getConfidence()));
        ObjectNode p = o.putObject("probabilities");
        for (int i = 0; i < e.getClasses().size(); i++) {
            p.put(e.getClasses().get(i), round(e.getProbabilities().get(i)));
        }
        var mods = o.putArray("modalities");
        e.getModalities().forEach(mods::add);
        o.put("modelVersion", e.getModelVersion());
        return o.toString();
    }

    private static double round(float v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
