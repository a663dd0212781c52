package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.FaceTrackerState;
import io.fer.schemas.KeyFrameFace;
import io.fer.schemas.KeyFrameState;
import io.fer.schemas.TrackedFace;
import io.fer.workers.face.Detection;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import io.fer.workers.image.Box;
import java.util.ArrayList;
import java.util.List;

/** A stream's face-stage state as its changelog record ({@link FaceTrackerState}) and back. */
final class FaceStateCodec {
    private final AvroSerde<FaceTrackerState> serde = AvroSerde.trackerStates();
    private final StageConfig config;

    FaceStateCodec(StageConfig config) {
        this.config = config;
    }

    byte[] encode(String streamId, FaceStreams.Stream s) {
        return serde.encode(toState(streamId, s.lastBatchSeq, s.tracker, s.keyFrames));
    }

    /** The stream's state as it was committed, its partition given. */
    FaceStreams.Stream decode(byte[] record, int partition) {
        FaceTrackerState st = serde.decode(record);
        FaceStreams.Stream s = new FaceStreams.Stream(partition);
        s.tracker = IouTracker.restore(config.trackMinIou(), config.trackMaxGapUs(), fromState(st));
        s.keyFrames = st.getKeyFrames() == null ? null : KeyFrameFaces.restore(config.detectEvery(), keyFramesFromState(st.getKeyFrames()));
        s.lastBatchSeq = st.getLastBatchSeq();
        return s;
    }

    static FaceTrackerState toState(String streamId, long batchSeq, IouTracker tracker, KeyFrameFaces keys) {
        IouTracker.Snapshot s = tracker.snapshot();
        List<TrackedFace> tracks = new ArrayList<>();
        for (IouTracker.TrackSnapshot t : s.tracks()) {
            tracks.add(TrackedFace.newBuilder().setTrackId(t.id())
                    .setBox(boxToList(t.box()))
                    .setSignature(t.signature() == null ? null : ModalityStage.toList(t.signature()))
                    .setLastSeenUs(t.lastSeenUs()).build());
        }
        return FaceTrackerState.newBuilder().setStreamId(streamId).setLastBatchSeq(batchSeq).setNextTrackId(s.nextId())
                .setTrackIds(List.copyOf(s.allIds())).setTracks(tracks).setKeyFrames(keys == null ? null : keyFramesToState(keys.snapshot())).build();
    }

    static IouTracker.Snapshot fromState(FaceTrackerState st) {
        List<IouTracker.TrackSnapshot> tracks = new ArrayList<>();
        for (TrackedFace t : st.getTracks()) {
            float[] sig = t.getSignature() == null ? null : floats(t.getSignature());
            tracks.add(new IouTracker.TrackSnapshot(t.getTrackId(), boxFromList(t.getBox()), sig, t.getLastSeenUs()));
        }
        return new IouTracker.Snapshot(st.getNextTrackId(), st.getTrackIds(), tracks);
    }

    static KeyFrameState keyFramesToState(KeyFrameFaces.Snapshot s) {
        return KeyFrameState.newBuilder().setLastKeyIndex(s.lastKeyIndex()).setPreviousKeyIndex(s.previousKeyIndex())
                .setLast(keyFacesToState(s.last())).setPrevious(keyFacesToState(s.previous())).build();
    }

    static KeyFrameFaces.Snapshot keyFramesFromState(KeyFrameState s) {
        return new KeyFrameFaces.Snapshot(s.getLastKeyIndex(), keyFacesFromState(s.getLast()), s.getPreviousKeyIndex(),
                keyFacesFromState(s.getPrevious()));
    }

    private static List<KeyFrameFace> keyFacesToState(List<KeyFrameFaces.TrackedDetection> faces) {
        List<KeyFrameFace> out = new ArrayList<>();
        for (KeyFrameFaces.TrackedDetection t : faces) {
            out.add(KeyFrameFace.newBuilder().setTrackId(t.trackId()).setBox(boxToList(t.detection().box()))
                    .setScore(t.detection().score()).setKeypoints(ModalityStage.toList(t.detection().keypoints())).build());
        }
        return out;
    }

    private static List<KeyFrameFaces.TrackedDetection> keyFacesFromState(List<KeyFrameFace> faces) {
        List<KeyFrameFaces.TrackedDetection> out = new ArrayList<>();
        for (KeyFrameFace f : faces) {
            out.add(new KeyFrameFaces.TrackedDetection(f.getTrackId(), new Detection(boxFromList(f.getBox()), f.getScore(), floats(f.getKeypoints()))));
        }
        return out;
    }

    private static List<Float> boxToList(Box b) {
        return List.of(b.x(), b.y(), b.width(), b.height());
    }

    private static Box boxFromList(List<Float> b) {
        return new Box(b.get(0), b.get(1), b.get(2), b.get(3));
    }

    private static float[] floats(List<Float> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
