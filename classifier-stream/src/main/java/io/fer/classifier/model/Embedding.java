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
    /** a progress marker: the modality has delivered the stream up to frameIndex */
    public boolean progress;
    /** the frame is one of every keepEvery its live source gave (the rest shed); 1 for files */
    public int keepEvery = 1;

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

    public static Embedding progressMarker(String streamId, long frameIndex, long timestampUs, String modality) {
        Embedding e = new Embedding(streamId, -1, frameIndex, timestampUs, modality, new float[0], false, 0);
        e.progress = true;
        return e;
    }

    /** Track id of a liveness tick: not a stream's record, only word that its modality's stage is sending. */
    public static final int LIVENESS_TRACK = -2;

    /**
     * A tick saying records of this modality reach the job, keyed so that it lands on one assembler subtask (see
     * {@code LivenessTicks}); it carries no frame and touches no stream's state.
     */
    public static Embedding livenessTick(String key, String modality) {
        return new Embedding(key, LIVENESS_TRACK, -1, 0, modality, new float[0], false, 0);
    }

    public boolean isLivenessTick() {
        return trackId == LIVENESS_TRACK;
    }

    public String trackKey() {
        return streamId + "/" + trackId;
    }
}
