package io.fer.classifier.window;

/** One track's vectors in one frame (a Flink POJO kept in keyed state): every modality's slice, and which are present. */
public class FrameSlot {
    public long timestampUs;
    /** featureDim, zeros where a modality is absent */
    public float[] features;
    /** one per modality: 1 present, 0 masked */
    public float[] mask;
    /** the frame is one of every keepEvery its source gave; 0 in state written before the field: read as 1 */
    public int keepEvery;

    public FrameSlot() {}

    public FrameSlot(long timestampUs, int featureDim, int modalities) {
        this.timestampUs = timestampUs;
        this.features = new float[featureDim];
        this.mask = new float[modalities];
    }
}
