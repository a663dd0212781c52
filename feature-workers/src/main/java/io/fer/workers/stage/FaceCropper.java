package io.fer.workers.stage;

import io.fer.workers.face.AppearanceSignature;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceFinder;
import io.fer.workers.face.SmallFaceSearch;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import io.fer.workers.image.AlignedBox;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The faces of one frame as fer.faces carries them: track ids from the stream's tracker, the aligned face crop and
 * the upper-body context crop, both as the JPEG the topic holds. One place for the crop sizes, margins and quality,
 * shared by the live face stage and training, so a model is trained on exactly what it will be served.
 */
public final class FaceCropper {
    /** The pose model reads 192 x 192: a larger context crop would only cost. */
    public static final int CONTEXT_SIZE = 192;
    /** Margin of a pre-aligned frame around its face (DFEW's and CK+'s crops are tight). */
    static final float ALIGNED_INPUT_MARGIN = 1.1f;

    /** One face of a frame; detection is null for a pre-aligned frame (the frame is the face). */
    public record CroppedFace(int trackId, Detection detection, Box box, byte[] faceJpeg, byte[] contextJpeg) {}

    private static final byte[] NO_CONTEXT = new byte[0];

    private final StageConfig config;

    public FaceCropper(StageConfig config) {
        this.config = config;
    }

    public StageConfig config() {
        return config;
    }

    public IouTracker newTracker() {
        return new IouTracker(config.trackMinIou(), config.trackMaxGapUs());
    }

    public KeyFrameFaces newKeyFrames() {
        return new KeyFrameFaces(config.detectEvery());
    }

    /**
     * The faces of consecutive frames of one stream. The detector runs once, on the key frames among them
     * ({@link KeyFrameFaces}); their faces get track ids from the tracker, and the frames in between get the key
     * frame's faces moved by their velocity, with the same ids. Faces too small for the whole-frame pass are looked for
     * in zoomed regions ({@link SmallFaceSearch}).
     *
     * @param finder the detector
     */
    public List<List<CroppedFace>> cropFrames(List<RgbImage> frames, List<Long> frameIndices, List<Long> timestampsUs,
            FaceFinder finder, IouTracker tracker, KeyFrameFaces keyFrames) {
        return cropFrames(frames, frameIndices, timestampsUs, Collections.nCopies(frames.size(), 1), finder, tracker, keyFrames);
    }

    /** The same, for frames of a live stream that shed frames: each kept one of every keepEvery (1: none shed). */
    public List<List<CroppedFace>> cropFrames(List<RgbImage> frames, List<Long> frameIndices, List<Long> timestampsUs,
            List<Integer> keepEvery, FaceFinder finder, IouTracker tracker, KeyFrameFaces keyFrames) {
        boolean[] key = keyFrames.plan(frameIndices);
        List<RgbImage> keyImages = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            if (key[i]) {
                keyImages.add(frames.get(i));
            }
        }
        List<List<Detection>> detections = keyImages.isEmpty() ? List.of() : finder.detect(keyImages);
        List<List<CroppedFace>> out = new ArrayList<>(frames.size());
        int next = 0;
        for (int i = 0; i < key.length; i++) {
            long index = frameIndices.get(i);
            if (key[i]) {
                List<Detection> found = withSmallFaces(frames.get(i), detections.get(next++), index, keyFrames, finder);
                List<CroppedFace> faces = crop(frames.get(i), found, tracker, timestampsUs.get(i), keepEvery.get(i));
                keyFrames.keyFrame(index, faces.stream().map(c -> new KeyFrameFaces.TrackedDetection(c.trackId(), c.detection())).toList());
                out.add(faces);
            } else {
                out.add(cropTracked(frames.get(i), keyFrames.predict(index)));
            }
        }
        return out;
    }

    /** The whole-frame pass's faces and those the zoomed pass finds where it is needed. */
    private List<Detection> withSmallFaces(RgbImage frame, List<Detection> found, long index, KeyFrameFaces keyFrames, FaceFinder finder) {
        SmallFaceSearch search = config.smallFaces();
        List<Box> regions = search.regions(frame.width(), frame.height(), found, keyFrames.lastKeyFaces(), index, keyFrames.lastKeyIndex());
        if (regions.isEmpty()) {
            return found;
        }
        return search.merge(found, finder.detectIn(frame, regions), frame.width(), frame.height(), 0.3f, 10);
    }

    /** Detected faces: aligned crops, appearance signatures for the tracker, track ids, context crops. */
    private List<CroppedFace> crop(RgbImage frame, List<Detection> detections, IouTracker tracker, long timestampUs, int keepEvery) {
        List<RgbImage> crops = faceCrops(frame, detections);
        List<float[]> signatures = new ArrayList<>();
        for (RgbImage crop : crops) {
            signatures.add(AppearanceSignature.of(crop));
        }
        int[] ids = tracker.assign(detections.stream().map(Detection::box).toList(), signatures, timestampUs, keepEvery);
        return encoded(frame, detections, crops, ids);
    }

    /** Faces whose track ids are known (carried from a key frame): crops only, the tracker is not asked. */
    private List<CroppedFace> cropTracked(RgbImage frame, List<KeyFrameFaces.TrackedDetection> faces) {
        List<Detection> detections = faces.stream().map(KeyFrameFaces.TrackedDetection::detection).toList();
        return encoded(frame, detections, faceCrops(frame, detections), faces.stream().mapToInt(KeyFrameFaces.TrackedDetection::trackId).toArray());
    }

    private List<RgbImage> faceCrops(RgbImage frame, List<Detection> detections) {
        return Images.warpAll(frame, detections.stream().map(d -> FaceAligner.align(d, config.faceCropMargin())).toList(), config.faceCropSize());
    }

    private List<CroppedFace> encoded(RgbImage frame, List<Detection> detections, List<RgbImage> crops, int[] ids) {
        List<RgbImage> contexts = config.contextCrops()
                ? Images.warpAll(frame, detections.stream().map(d -> contextRegion(d.box())).toList(), CONTEXT_SIZE) : null;
        List<CroppedFace> out = new ArrayList<>(detections.size());
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            // empty when context crops are off: a context modality then dead-letters the face with that reason
            byte[] context = contexts == null ? NO_CONTEXT : Images.encodeJpeg(contexts.get(i), config.jpegQuality());
            out.add(new CroppedFace(ids[i], d, d.box(), Images.encodeJpeg(crops.get(i), config.jpegQuality()), context));
        }
        return out;
    }

    /** A pre-aligned frame: track 0, its loose crop as the face, the frame's own JPEG as the context. */
    public CroppedFace aligned(RgbImage frame, byte[] frameJpeg, IouTracker tracker, long timestampUs) {
        Box whole = new Box(0, 0, frame.width(), frame.height());
        tracker.assign(List.of(whole), timestampUs);
        return new CroppedFace(0, null, whole, Images.encodeJpeg(looseCropOfAligned(frame), config.jpegQuality()), frameJpeg);
    }

    /**
     * A pre-aligned (tight) face frame as the loose crop every face-level generator expects: centred, padded with
     * black to margin {@link FaceAligner#CROP_MARGIN}, 256 px.
     */
    public static RgbImage looseCropOfAligned(RgbImage frame) {
        float side = Math.max(frame.width(), frame.height()) * FaceAligner.CROP_MARGIN / ALIGNED_INPUT_MARGIN;
        return Images.warp(frame, new AlignedBox(frame.width() / 2f, frame.height() / 2f, side, 0f), 256);
    }

    /** The upper body around a face: 4 face heights square, from half a face above the face downwards. */
    public static AlignedBox contextRegion(Box face) {
        float side = Math.max(face.width(), face.height()) * 4f;
        float top = face.y() - face.height() * 0.5f;
        return new AlignedBox(face.cx(), top + side / 2, side, 0f);
    }
}
