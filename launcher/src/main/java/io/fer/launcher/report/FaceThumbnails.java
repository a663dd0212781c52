package io.fer.launcher.report;

import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A few face crops per track, spread over the track's time, for the report (pure logic). A crop is kept when its frame
 * is at least the track's interval after the last kept one; when a track has more than {@code perTrack}, every
 * second one goes and the interval doubles, so a long track still gets crops from its whole length.
 */
public final class FaceThumbnails {
    public record Thumbnail(long frameIndex, long timestampUs, byte[] jpeg) {}

    private static final class Strip {
        final List<Thumbnail> kept = new ArrayList<>();
        long intervalUs;

        Strip(long intervalUs) {
            this.intervalUs = intervalUs;
        }
    }

    private final int perTrack;
    private final long intervalUs;
    private final Map<String, Strip> strips = new HashMap<>();

    public FaceThumbnails(int perTrack, long intervalUs) {
        this.perTrack = Math.max(2, perTrack);
        this.intervalUs = intervalUs;
    }

    /** Frames in order per stream, as fer.faces carries them. */
    public void add(FaceBatch batch) {
        for (FaceFrame frame : batch.getFrames()) {
            for (Face face : frame.getFaces()) {
                add(batch.getStreamId(), face.getTrackId(), frame.getFrameIndex(), frame.getTimestampUs(), face.getFaceCrop().array());
            }
        }
    }

    public void add(String streamId, int trackId, long frameIndex, long timestampUs, byte[] jpeg) {
        Strip s = strips.computeIfAbsent(key(streamId, trackId), k -> new Strip(intervalUs));
        if (!s.kept.isEmpty() && timestampUs - s.kept.get(s.kept.size() - 1).timestampUs() < s.intervalUs) {
            return;
        }
        s.kept.add(new Thumbnail(frameIndex, timestampUs, jpeg));
        if (s.kept.size() > perTrack) {
            List<Thumbnail> half = new ArrayList<>();
            for (int i = 0; i < s.kept.size(); i += 2) {
                half.add(s.kept.get(i));
            }
            s.kept.clear();
            s.kept.addAll(half);
            s.intervalUs *= 2;
        }
    }

    public List<Thumbnail> of(String streamId, int trackId) {
        Strip s = strips.get(key(streamId, trackId));
        return s == null ? List.of() : List.copyOf(s.kept);
    }

    public boolean isEmpty() {
        return strips.isEmpty();
    }

    private static String key(String streamId, int trackId) {
        return streamId + "\u0000" + trackId;
    }
}
