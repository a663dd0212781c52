package io.fer.workers.stage;

import io.fer.schemas.Topics;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The face stage's state, per stream: its tracker, its last key frames' faces, the input partition it comes from
 * and its last batch. Streams changed in a round are written to {@link Topics#FACE_STATE} (to their input's
 * partition) with that round; an ended stream's record becomes a tombstone.
 */
final class FaceStreams {
    /** One stream's state; a null tracker: the stream ended, its tombstone is not yet written. */
    static final class Stream {
        final int partition;
        IouTracker tracker;
        KeyFrameFaces keyFrames;
        long lastBatchSeq = -1;

        Stream(int partition) {
            this.partition = partition;
        }
    }

    private final FaceCropper cropper;
    private final FaceStateCodec codec;
    private final Map<String, Stream> streams = new HashMap<>();
    private final Map<String, Integer> changed = new LinkedHashMap<>(); // stream -> partition, in the order of change

    FaceStreams(FaceCropper cropper, StageConfig config) {
        this.cropper = cropper;
        this.codec = new FaceStateCodec(config);
    }

    /** A batch of the stream arrived from this input partition: its state, a fresh tracker for a new stream. */
    Stream batch(String streamId, int partition, long batchSeq) {
        Stream s = streams.get(streamId);
        if (s == null || s.partition != partition) {
            Stream moved = new Stream(partition);
            if (s != null) {
                moved.tracker = s.tracker;
                moved.keyFrames = s.keyFrames;
            }
            s = moved;
            streams.put(streamId, s);
        }
        if (s.tracker == null) {
            s.tracker = cropper.newTracker();
        }
        s.lastBatchSeq = batchSeq;
        changed.put(streamId, partition);
        return s;
    }

    /** The key-frame faces of a stream that detects (pre-aligned clips have none). */
    KeyFrameFaces keyFrames(Stream s) {
        if (s.keyFrames == null) {
            s.keyFrames = cropper.newKeyFrames();
        }
        return s.keyFrames;
    }

    /** The stream's end passed: its state goes, as a tombstone with the round. */
    void ended(Stream s) {
        s.tracker = null;
        s.keyFrames = null;
    }

    /** State records of the streams changed since the last call, to their input partition. */
    List<StageOutput> drainChanges() {
        List<StageOutput> out = new ArrayList<>();
        for (Map.Entry<String, Integer> c : changed.entrySet()) {
            Stream s = streams.get(c.getKey());
            boolean ended = s == null || s.tracker == null;
            out.add(new StageOutput(Topics.FACE_STATE, c.getValue(), c.getKey(), ended ? null : codec.encode(c.getKey(), s)));
            if (ended) {
                streams.remove(c.getKey());
            }
        }
        changed.clear();
        return out;
    }

    /** Replaces the state of one input partition's streams by the committed one (stream -> record). */
    void restore(int partition, Map<String, byte[]> states) {
        forget(partition);
        for (Map.Entry<String, byte[]> e : states.entrySet()) {
            streams.put(e.getKey(), codec.decode(e.getValue(), partition));
        }
    }

    /** The partition went to another worker (or goes back to its commit): its streams' state is dropped. */
    void forget(int partition) {
        for (Iterator<Map.Entry<String, Stream>> it = streams.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Stream> e = it.next();
            if (e.getValue().partition == partition) {
                changed.remove(e.getKey());
                it.remove();
            }
        }
    }
}
