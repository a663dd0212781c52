package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.Frame;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.Topics;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.face.FaceFinder;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final FaceStreams streams;
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
        this.streams = new FaceStreams(cropper, config);
    }

    @Override
    public List<StageOutput> process(StageInput record) throws BadRecordException {
        FrameBatch batch;
        try {
            batch = in.decode(record.value());
        } catch (SerializationException e) {
            throw new BadRecordException(e.getMessage(), e);
        }
        List<StageOutput> results = new ArrayList<>();
        FaceStreams.Stream stream = streams.batch(batch.getStreamId(), record.partition(), batch.getBatchSeq());
        IouTracker tracker = stream.tracker;
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
            List<Integer> keepEvery = good.stream().map(Frame::getKeepEvery).toList();
            crops = cropper.cropFrames(images, indices, timestamps, keepEvery, timedFinder, tracker, streams.keyFrames(stream));
        }
        List<FaceFrame> frames = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            frames.add(faceFrame(good.get(i), images.get(i), crops.get(i)));
        }
        FaceBatch.Builder b = FaceBatch.newBuilder().setStreamId(batch.getStreamId()).setBatchSeq(batch.getBatchSeq())
                .setFrames(frames).setEndOfStream(batch.getEndOfStream()).setStaleAfterMs(batch.getStaleAfterMs());
        if (batch.getEndOfStream()) {
            b.setTrackIds(List.copyOf(tracker.allTrackIds()));
            streams.ended(stream); // its state record becomes a tombstone
        }
        results.add(StageOutput.to(Topics.FACES, batch.getStreamId(), out.encode(b.build())));
        return results;
    }

    @Override
    public String changelogTopic() {
        return Topics.FACE_STATE;
    }

    @Override
    public List<StageOutput> drainStateUpdates() {
        return streams.drainChanges();
    }

    @Override
    public void restore(int partition, Map<String, byte[]> states) {
        streams.restore(partition, states);
    }

    @Override
    public void forget(int partition) {
        streams.forget(partition);
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
                .setWidth(img.width()).setHeight(img.height()).setFaces(faces).setKeepEvery(f.getKeepEvery()).build();
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
