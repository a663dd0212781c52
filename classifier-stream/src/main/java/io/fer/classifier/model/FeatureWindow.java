package io.fer.classifier.model;

/** One track's window of per-frame multi-modal vectors, ready for the transformer; or an end-of-track marker. */
public class FeatureWindow {
    public String streamId;
    public int trackId;
    public long firstFrameIndex;
    public long lastFrameIndex;
    public long startUs;
    public long endUs;
    /** windowFrames x featureDim, zeros where masked */
    public float[] features;
    /** windowFrames x modalities */
    public float[] mask;
    public String[] modalitiesPresent;
    public boolean endOfTrack;
    public int tracksInStream;
    /** frames per second of event time between the window's first and last frame with data (0: fewer than two) */
    public float framesPerSecond;

    public FeatureWindow() {}

    /** Frame indices per second of event time: the source's rate, or lower where a live stream shed frames. */
    public static float framesPerSecond(long firstDataFrame, long lastDataFrame, long firstUs, long lastUs) {
        if (firstDataFrame < 0 || lastDataFrame <= firstDataFrame || lastUs <= firstUs) {
            return 0f;
        }
        return (float) ((lastDataFrame - firstDataFrame) * 1e6 / (lastUs - firstUs));
    }

    public static FeatureWindow endMarker(String streamId, int trackId, long lastUs, int tracksInStream) {
        FeatureWindow w = new FeatureWindow();
        w.streamId = streamId;
        w.trackId = trackId;
        w.startUs = lastUs;
        w.endUs = lastUs;
        w.firstFrameIndex = -1;
        w.lastFrameIndex = -1;
        w.features = new float[0];
        w.mask = new float[0];
        w.modalitiesPresent = new String[0];
        w.endOfTrack = true;
        w.tracksInStream = tracksInStream;
        return w;
    }
}
