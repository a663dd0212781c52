package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.FaceTrackerState;
import io.fer.schemas.KeyFrameFace;
import io.fer.schemas.KeyFrameState;
import io.fer.schemas.TrackedFace;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.Topics;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceFinder;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * fer.frames -> fer.faces: detects the faces of the key frames (every Nth, {@link KeyFrameFaces}), carries them over
 * the frames between, gives them track ids, and cuts square face crops (and context crops when configured). Frames of
 * pre-aligned clips are the face crop already: they pass through as track 0.
 * An undecodable frame goes to the dead-letter topic; the rest of its batch is processed. The trackers and the last
 * two key frames' faces are the stage's state: written to {@link Topics#FACE_STATE} with each round and restored from
 * it, so a replay after a crash or rebalance hands out the same track ids and crops.
 */
public final class FaceStage implements StatefulProcessor {
    public static final String NAME = "faces";

    private final FaceDetector detector;
    private final StageConfig config;
    private final FaceCropper cropper;
    private final StageMetrics metrics;
    private final Map<String, IouTracker> trackers = new HashMap<>();
    private final Map<String, KeyFrameFaces> keyFrames = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private final Map<String, Long> lastBatchSeq = new HashMap<>();
    private final Map<String, Integer> dirty = new LinkedHashMap<>(); // stream -> partition
    private final AvroSerde<FaceTrackerState> stateSerde = AvroSerde.trackerStates();
    private final AvroSerde<FrameBatch> in = AvroSerde.frames();
    private final AvroSerde<FaceBatch> out = AvroSerde.faces();

    public FaceStage(FaceDetector detector, StageConfig config) {
        this(detector, config, null);
    }

    /** @param metrics where the detector's batched calls are timed (null: nowhere) */
    public FaceStage(FaceDetector detector, StageConfig config, StageMetrics metrics) {
        this.metrics = metrics;
        this.detector = detector;
        this.config = config;
        this.cropper = new FaceCropper(config);
    }

    @Override
    public List<ProducerRecord<String, byte[]>> process(ConsumerRecord<String, byte[]> record) throws BadRecordException {
        FrameBatch batch;
        try {
            batch = in.decode(record.value());
        } catch (SerializationException e) {
            throw new BadRecordException(e.getMessage(), e);
        }
        List<ProducerRecord<String, byte[]>> results = new ArrayList<>();
        IouTracker tracker = trackers.computeIfAbsent(batch.getStreamId(),
                s -> cropper.newTracker());
        partitionOf.put(batch.getStreamId(), record.partition());
        lastBatchSeq.put(batch.getStreamId(), batch.getBatchSeq());
        dirty.put(batch.getStreamId(), record.partition());
        List<Frame> good = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        long nowUs = System.currentTimeMillis() * 1000;
        for (Frame f : batch.getFrames()) {
            if (Stale.frame(batch, f, nowUs)) {
                if (metrics != null) {
                    metrics.shed();
                }
                continue; // a live frame this late makes an event later than its bound: left out, masked downstream
            }
            try {
                images.add(Images.decode(bytes(f.getJpeg())));
                good.add(f);
            } catch (IllegalArgumentException e) {
                String reason = "frame " + f.getFrameIndex() + " of stream " + batch.getStreamId() + ": " + e.getMessage();
                results.add(DeadLetters.record(NAME, record, reason));
            }
        }
        List<Long> indices = good.stream().map(Frame::getFrameIndex).toList();
        List<Long> timestamps = good.stream().map(Frame::getTimestampUs).toList();
        List<List<FaceCropper.CroppedFace>> crops;
        if (batch.getPreAligned()) {
            crops = new ArrayList<>();
            for (int i = 0; i < good.size(); i++) {
                crops.add(List.of(cropper.aligned(images.get(i), bytes(good.get(i).getJpeg()), tracker, timestamps.get(i))));
            }
        } else {
            KeyFrameFaces keys = keyFrames.computeIfAbsent(batch.getStreamId(), s -> cropper.newKeyFrames());
            crops = cropper.cropFrames(images, indices, timestamps, timedFinder, tracker, keys);
        }
        List<FaceFrame> frames = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            frames.add(faceFrame(good.get(i), images.get(i), crops.get(i)));
        }
        FaceBatch.Builder b = FaceBatch.newBuilder().setStreamId(batch.getStreamId()).setBatchSeq(batch.getBatchSeq())
                .setFrames(frames).setEndOfStream(batch.getEndOfStream()).setStaleAfterMs(batch.getStaleAfterMs());
        if (batch.getEndOfStream()) {
            b.setTrackIds(List.copyOf(tracker.allTrackIds()));
            trackers.remove(batch.getStreamId()); // its state record becomes a tombstone
            keyFrames.remove(batch.getStreamId());
        }
        results.add(new ProducerRecord<>(Topics.FACES, batch.getStreamId(), out.encode(b.build())));
        return results;
    }

    @Override
    public String changelogTopic() {
        return Topics.FACE_STATE;
    }

    @Override
    public List<ProducerRecord<String, byte[]>> drainStateUpdates() {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (Map.Entry<String, Integer> d : dirty.entrySet()) {
            IouTracker t = trackers.get(d.getKey());
            byte[] value = t == null ? null
                    : stateSerde.encode(toState(d.getKey(), lastBatchSeq.getOrDefault(d.getKey(), -1L), t, keyFrames.get(d.getKey())));
            out.add(new ProducerRecord<>(Topics.FACE_STATE, d.getValue(), d.getKey(), value));
            if (t == null) {
                partitionOf.remove(d.getKey());
                lastBatchSeq.remove(d.getKey());
            }
        }
        dirty.clear();
        return out;
    }

    @Override
    public void restore(int partition, Map<String, byte[]> states) {
        forget(partition);
        for (Map.Entry<String, byte[]> e : states.entrySet()) {
            FaceTrackerState st = stateSerde.decode(e.getValue());
            trackers.put(e.getKey(), IouTracker.restore(config.trackMinIou(), config.trackMaxGapUs(), fromState(st)));
            if (st.getKeyFrames() != null) {
                keyFrames.put(e.getKey(), KeyFrameFaces.restore(config.detectEvery(), keyFramesFromState(st.getKeyFrames())));
            } else {
                keyFrames.remove(e.getKey());
            }
            partitionOf.put(e.getKey(), partition);
            lastBatchSeq.put(e.getKey(), st.getLastBatchSeq());
        }
    }

    @Override
    public void forget(int partition) {
        List<String> streams = partitionOf.entrySet().stream().filter(e -> e.getValue() == partition).map(Map.Entry::getKey).toList();
        for (String s : streams) {
            trackers.remove(s);
            keyFrames.remove(s);
            partitionOf.remove(s);
            lastBatchSeq.remove(s);
            dirty.remove(s);
        }
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

    static KeyFrameState keyFramesToState(KeyFrameFaces.Snapshot s) {
        return KeyFrameState.newBuilder().setLastKeyIndex(s.lastKeyIndex()).setPreviousKeyIndex(s.previousKeyIndex())
                .setLast(keyFacesToState(s.last())).setPrevious(keyFacesToState(s.previous())).build();
    }

    private static List<KeyFrameFace> keyFacesToState(List<KeyFrameFaces.TrackedDetection> faces) {
        List<KeyFrameFace> out = new ArrayList<>();
        for (KeyFrameFaces.TrackedDetection t : faces) {
            out.add(KeyFrameFace.newBuilder().setTrackId(t.trackId()).setBox(boxToList(t.detection().box()))
                    .setScore(t.detection().score()).setKeypoints(ModalityStage.toList(t.detection().keypoints())).build());
        }
        return out;
    }

    static KeyFrameFaces.Snapshot keyFramesFromState(KeyFrameState s) {
        return new KeyFrameFaces.Snapshot(s.getLastKeyIndex(), keyFacesFromState(s.getLast()), s.getPreviousKeyIndex(),
                keyFacesFromState(s.getPrevious()));
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

    static IouTracker.Snapshot fromState(FaceTrackerState st) {
        List<IouTracker.TrackSnapshot> tracks = new ArrayList<>();
        for (TrackedFace t : st.getTracks()) {
            float[] sig = t.getSignature() == null ? null : floats(t.getSignature());
            tracks.add(new IouTracker.TrackSnapshot(t.getTrackId(), boxFromList(t.getBox()), sig, t.getLastSeenUs()));
        }
        return new IouTracker.Snapshot(st.getNextTrackId(), st.getTrackIds(), tracks);
    }

    /** The detector, its calls timed as the stage's model time (one for all the key frames of a batch). */
    private final FaceFinder timedFinder = new FaceFinder() {
        @Override
        public List<List<Detection>> detect(List<RgbImage> images) {
            long t = System.nanoTime();
            List<List<Detection>> detections = detector.detect(images);
            if (metrics != null) {
                metrics.modelBatch(images.size(), System.nanoTime() - t);
            }
            return detections;
        }

        @Override
        public List<Detection> detectIn(RgbImage image, List<Box> regions) {
            long t = System.nanoTime();
            List<Detection> detections = detector.detectIn(image, regions);
            if (metrics != null) {
                metrics.modelBatch(regions.size(), System.nanoTime() - t);
            }
            return detections;
        }
    };

    private FaceFrame faceFrame(Frame f, RgbImage img, List<FaceCropper.CroppedFace> crops) {
        List<Face> faces = new ArrayList<>();
        for (FaceCropper.CroppedFace c : crops) {
            List<Float> kp = new ArrayList<>();
            if (c.detection() != null) {
                for (float v : c.detection().keypoints()) {
                    kp.add(v);
                }
            }
            faces.add(Face.newBuilder().setTrackId(c.trackId()).setScore(c.detection() == null ? 1f : c.detection().score())
                    .setBox(List.of(c.box().x(), c.box().y(), c.box().width(), c.box().height()))
                    .setKeypoints(kp).setFaceCrop(ByteBuffer.wrap(c.faceJpeg())).setContextCrop(ByteBuffer.wrap(c.contextJpeg())).build());
        }
        return FaceFrame.newBuilder().setFrameIndex(f.getFrameIndex()).setTimestampUs(f.getTimestampUs())
                .setWidth(img.width()).setHeight(img.height()).setFaces(faces).build();
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Override
    public void close() {
        detector.close();
    }
}
