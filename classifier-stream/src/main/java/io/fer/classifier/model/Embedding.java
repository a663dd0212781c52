package io.fer.classifier.model;

/** A modality embedding inside the Flink job (a Flink POJO; the Avro record stays at the edges). */
public class Embedding {
    public String streamId;
    public int trackId;
    public long frameIndex;
    public long timestampUs;
    public String modality;
    public float[] vector;
    public boolean endOfTrack;
    public int tracksInStream;

    public Embedding() {}

    public Embedding(String streamId, int trackId, long frameIndex, long timestampUs, String modality, float[] vector,
            boolean endOfTrack, int tracksInStream) {
        this.streamId = streamId;
        this.trackId = trackId;
        this.frameIndex = frameIndex;
        this.timestampUs = timestampUs;
        this.modality = modality;
        this.vector = vector;
        this.endOfTrack = endOfTrack;
        this.tracksInStream = tracksInStream;
    }

    public String trackKey() {
        return streamId + "/" + trackId;
    }
}
