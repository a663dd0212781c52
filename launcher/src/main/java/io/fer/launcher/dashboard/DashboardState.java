package io.fer.launcher.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer.launcher.EventJson;
import io.fer.schemas.EmotionEvent;
import io.fer.summaries.TrackSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard shows, folded from fer.emotions and fer.faces (pure logic, no Kafka, no HTTP): per stream and
 * track the recent events, the current emotion with the summaries' hysteresis, and the latest face crop. Every change
 * becomes one message for the browsers; a browser that connects gets {@link #replay()} first. Memory is bounded: so
 * many events per track, so many streams (the least recently updated go first).
 */
public final class DashboardState {
    /** One message for the browsers: an SSE event type and its JSON data. */
    public record Message(String type, String json) {}

    /** The latest face crop of a track, as the face stage wrote it (JPEG). */
    public record Face(long frameIndex, long timestampUs, byte[] jpeg) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int eventsPerTrack;
    private final int maxStreams;
    private final long faceIntervalUs;
    // access order: the eldest entry is the stream updated longest ago
    private final LinkedHashMap<String, Map<Integer, Track>> streams = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Track {
        final TrackSummary summary = new TrackSummary();
        final Deque<String> recent = new ArrayDeque<>();
        Face face;
        long notifiedFaceUs = Long.MIN_VALUE;
    }

    /**
     * @param faceIntervalUs a new face is announced when its frame is this much stream time after the last announced
     *     one (browsers fetch the image; every frame would be 25 requests a second per track)
     */
    public DashboardState(int eventsPerTrack, int maxStreams, long faceIntervalUs) {
        this.eventsPerTrack = eventsPerTrack;
        this.maxStreams = maxStreams;
        this.faceIntervalUs = faceIntervalUs;
    }

    /** A window event or an end marker (track -1: the stream's end). */
    public synchronized Message onEvent(EmotionEvent e) {
        Map<Integer, Track> tracks = stream(e.getStreamId());
        if (e.getTrackId() < 0) {
            return new Message("stream-end", JSON.createObjectNode().put("streamId", e.getStreamId()).toString());
        }
        Track t = tracks.computeIfAbsent(e.getTrackId(), k -> new Track());
        t.summary.add(e);
        Message m = new Message("emotion", emotionJson(e, t.summary));
        if (!e.getEndOfTrack()) {
            t.recent.addLast(m.json());
            while (t.recent.size() > eventsPerTrack) {
                t.recent.removeFirst();
            }
        }
        return m;
    }

    /** A face of a track in one frame; a message when browsers should fetch the new crop. */
    public synchronized Optional<Message> onFace(String streamId, int trackId, long frameIndex, long timestampUs, byte[] jpeg) {
        Track t = stream(streamId).computeIfAbsent(trackId, k -> new Track());
        if (t.face != null && frameIndex < t.face.frameIndex()) {
            return Optional.empty(); // a replayed or reordered older frame
        }
        t.face = new Face(frameIndex, timestampUs, jpeg);
        if (t.notifiedFaceUs != Long.MIN_VALUE && timestampUs - t.notifiedFaceUs < faceIntervalUs) {
            return Optional.empty();
        }
        t.notifiedFaceUs = timestampUs;
        return Optional.of(faceMessage(streamId, trackId, frameIndex));
    }

    public synchronized Optional<Face> face(String streamId, int trackId) {
        Map<Integer, Track> tracks = streams.get(streamId);
        Track t = tracks == null ? null : tracks.get(trackId);
        return t == null || t.face == null ? Optional.empty() : Optional.of(t.face);
    }

    /** Everything a newly connected browser needs, oldest first: each track's recent events, then its face. */
    public synchronized List<Message> replay() {
        List<Message> out = new ArrayList<>();
        // iterating a LinkedHashMap in access order does not reorder it
        for (Map.Entry<String, Map<Integer, Track>> s : streams.entrySet()) {
            for (Map.Entry<Integer, Track> t : s.getValue().entrySet()) {
                t.getValue().recent.forEach(json -> out.add(new Message("emotion", json)));
                if (t.getValue().summary.ended) {
                    out.add(new Message("emotion", endJson(s.getKey(), t.getKey(), t.getValue().summary)));
                }
                if (t.getValue().face != null) {
                    out.add(faceMessage(s.getKey(), t.getKey(), t.getValue().face.frameIndex()));
                }
            }
        }
        return out;
    }

    public synchronized int streams() {
        return streams.size();
    }

    private Map<Integer, Track> stream(String id) {
        Map<Integer, Track> tracks = streams.computeIfAbsent(id, k -> new LinkedHashMap<>());
        while (streams.size() > maxStreams) {
            streams.remove(streams.keySet().iterator().next());
        }
        return tracks;
    }

    private static String emotionJson(EmotionEvent e, TrackSummary s) {
        try {
            ObjectNode o = JSON.createObjectNode();
            o.set("event", JSON.readTree(EventJson.toJson(e)));
            o.put("current", s.current);
            o.put("dominant", s.dominant());
            return o.toString();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String endJson(String streamId, int trackId, TrackSummary s) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("event").put("streamId", streamId).put("trackId", trackId).put("endOfTrack", true);
        o.put("current", s.current);
        o.put("dominant", s.dominant());
        return o.toString();
    }

    private static Message faceMessage(String streamId, int trackId, long frameIndex) {
        return new Message("face", JSON.createObjectNode().put("streamId", streamId).put("trackId", trackId)
                .put("frameIndex", frameIndex).toString());
    }
}
