package io.fer.classifier.model;

/** The classifier's output for one window (or an end-of-track marker), before it becomes an EmotionEvent. */
public class EmotionResult {
    public String streamId;
    public int trackId;
    public long windowStartUs;
    public long windowEndUs;
    public long firstFrameIndex;
    public long lastFrameIndex;
    public String[] classes;
    public float[] probabilities;
    public String label;
    public float confidence;
    public String modelVersion;
    public String[] modalities;
    public boolean endOfTrack;
    public int tracksInStream;
    public float framesPerSecond;

    public EmotionResult() {}
}
