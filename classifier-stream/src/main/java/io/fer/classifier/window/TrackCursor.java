package io.fer.classifier.window;

/**
 * Where one track of a stream stands (a Flink POJO kept in keyed state). A track is read frame by frame only up
 * to the stream's complete frontier, so what it emits never depends on when its vectors arrived.
 */
public class TrackCursor {
    public int trackId;
    /** first frame of the current segment, -1 before its first vector was scanned */
    public long firstFrame = -1;
    public long nextStart = -1;
    public long lastEmittedStart = -1;
    public long lastDataFrame = -1;
    public long lastDataTs;
    /** keepEvery of the last frame with data (0 in state written before the field: read as 1) */
    public int lastKeepEvery;
    /** frames up to here have been scanned */
    public long scannedTo = -1;
    /** the highest frame a vector has arrived for (may be ahead of the frontier) */
    public long maxArrivedFrame = -1;

    public TrackCursor() {}

    public TrackCursor(int trackId, long scannedTo) {
        this.trackId = trackId;
        this.scannedTo = scannedTo;
    }

    public boolean open() {
        return firstFrame >= 0;
    }

    /** A new segment of the same track id starts after a gap longer than the idle time. */
    public void resetSegment() {
        firstFrame = -1;
        nextStart = -1;
        lastEmittedStart = -1;
        lastDataFrame = -1;
        lastDataTs = 0;
        lastKeepEvery = 0;
    }
}
