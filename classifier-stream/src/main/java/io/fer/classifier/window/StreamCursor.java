package io.fer.classifier.window;

/** Where one stream stands (a Flink POJO kept in keyed state). */
public class StreamCursor {
    /** every awaited modality has delivered every frame up to here: windows inside it are final */
    public long completeFrame = -1;
    public long completeTs;
    /** track end markers emitted so far (a track id split by a long gap counts once per segment) */
    public int endedTracks;
    /** the pending modality-timeout timer (processing time, ms), 0 if none */
    public long timeoutTimerMs;
    /** the stream's current run: its source was restarted this many times without an end */
    public int run;

    public StreamCursor() {}
}
