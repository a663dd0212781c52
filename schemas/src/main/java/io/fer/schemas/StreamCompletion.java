package io.fer.schemas;

/**
 * Whether a subscriber has seen all of one stream on fer.emotions: its end marker (track -1, counting the track end
 * markers it follows) and that many track end markers. Events are keyed per track, so the stream's marker may be read
 * before track markers from other partitions of the same commit: only the counts decide.
 */
public final class StreamCompletion {
    private int expectedTracks = -1;
    private int endedTracks;

    /** Counts the event if it is a marker; returns whether the stream is complete now. */
    public boolean accept(EmotionEvent e) {
        if (e.getEndOfTrack()) {
            if (e.getTrackId() < 0) {
                expectedTracks = e.getTracksInStream();
            } else {
                endedTracks++;
            }
        }
        return complete();
    }

    public boolean complete() {
        return expectedTracks >= 0 && endedTracks >= expectedTracks;
    }

    public int endedTracks() {
        return endedTracks;
    }

    public boolean sawStreamEnd() {
        return expectedTracks >= 0;
    }
}
