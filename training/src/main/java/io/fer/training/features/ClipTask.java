package io.fer.training.features;

/** A clip to extract features from (a Flink POJO). */
public class ClipTask {
    public String clipId;
    public String source;

    public ClipTask() {}

    public ClipTask(String clipId, String source) {
        this.clipId = clipId;
        this.source = source;
    }
}
