package io.fer.classifier.window;

/** How far one modality has delivered one stream (a Flink POJO kept in keyed state). */
public class ModalityProgress {
    /** every vector up to and including this frame has been delivered; -1 before the first progress marker */
    public long frame = -1;
    public long timestampUs;
    /** processing time (ms) of its last advance, or of the stream's first record */
    public long advancedAtMs;
    /** it sent nothing for longer than the timeout while others moved on: no longer awaited until it reports again */
    public boolean timedOut;
    /** it sent the stream's end marker: nothing more will come */
    public boolean ended;
    /** the highest frame index of its records in the current run */
    public long lastFrame = -1;
    /** which run of the stream its records belong to: a restarted source starts its frame indices again */
    public int run;

    public ModalityProgress() {}

    public ModalityProgress(long nowMs) {
        this.advancedAtMs = nowMs;
    }
}
