package io.fer.bench;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.source.DecodedFrame;
import io.fer.ingest.source.FrameSource;
import io.fer.ingest.source.SourceSpec;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.Workers;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.face.FaceFinder;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.KeyFrameFaces;
import io.fer.workers.image.Box;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modalities;
import io.fer.workers.modality.Modality;
import io.fer.workers.stage.FaceCropper;
import io.fer.workers.stage.StageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The model-only bound of a clip: the generators' own calls (pre-processing and engine, batched, after a warm-up) on
 * all its frames and faces, without Kafka, JPEG or windows. What a pipeline's rate is compared with.
 */
public final class ModelOnlyBound {
    /**
     * Seconds per stage (the detector on every frame as "faces", each modality by name) for the clip's frames and
     * face-frames, and the detector's seconds and inputs (frames and zoomed regions) on the calls the face stage makes.
     */
    public record Result(int frames, int faceFrames, Map<String, Double> seconds, double facesAsStagedSeconds, int facesAsStagedInputs) {
        public double totalSeconds() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Face-frames per second through all the stages' models, one after the other. */
        public double faceFramesPerSecond() {
            return faceFrames / totalSeconds();
        }

        /** The mean of two measurements of the same clip (taken before and after a run, so drift cancels). */
        public Result meanWith(Result other) {
            Map<String, Double> mean = new LinkedHashMap<>();
            seconds.forEach((stage, s) -> mean.put(stage, (s + other.seconds().getOrDefault(stage, s)) / 2));
            return new Result(frames, faceFrames, mean, (facesAsStagedSeconds + other.facesAsStagedSeconds()) / 2, facesAsStagedInputs);
        }

        /**
         * The same work as the pipeline's: the detector's calls as the face stage makes them (on the key frames, and
         * on the zoomed regions its small-face search adds) in place of one call per frame.
         */
        public double faceFramesPerSecondSameWork() {
            return faceFrames / (totalSeconds() - seconds.getOrDefault(Workers.FACES, 0.0) + facesAsStagedSeconds);
        }
    }

    private ModelOnlyBound() {}

    /**
     * @param detectEvery the face stage's key-frame spacing (its detector calls are timed as it makes them, in
     *                    batches of {@link #FRAMES_PER_BATCH} frames)
     */
    public static Result measure(ModelStore store, String source, List<String> modalities, int batch, int detectEvery) {
        TfGraph.TfOptions opts = TfGraph.TfOptions.DEFAULT;
        List<RgbImage> frames = new ArrayList<>();
        try (FrameSource s = SourceSpec.of(source, "x", false, false).open(IngestConfig.DEFAULT)) {
            for (DecodedFrame f; (f = s.next()) != null; ) {
                frames.add(Images.fromBuffered(f.image()));
            }
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<RgbImage> faceCrops = new ArrayList<>();
        List<RgbImage> contextCrops = new ArrayList<>();
        StagedDetector facesAsStaged;
        try (FaceDetector det = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, opts)) {
            det.detect(frames.subList(0, Math.min(8, frames.size()))); // warm-up
            long t = System.nanoTime();
            List<List<Detection>> dets = new ArrayList<>();
            for (int i = 0; i < frames.size(); i += 8) {
                dets.addAll(det.detect(frames.subList(i, Math.min(frames.size(), i + 8))));
            }
            seconds.put(Workers.FACES, (System.nanoTime() - t) / 1e9);
            facesAsStaged = facesAsStaged(det, frames, detectEvery);
            for (int i = 0; i < frames.size(); i++) {
                for (Detection d : dets.get(i)) {
                    faceCrops.add(Images.warp(frames.get(i), FaceAligner.align(d, FaceAligner.CROP_MARGIN), 256));
                    contextCrops.add(Images.warp(frames.get(i), FaceCropper.contextRegion(d.box()), FaceCropper.CONTEXT_SIZE));
                }
            }
        }
        for (String name : modalities) {
            try (Modality m = Modalities.create(name, store, opts)) {
                List<RgbImage> crops = m.input() == Modality.Input.FACE_CROP ? faceCrops : contextCrops;
                m.embed(crops.subList(0, Math.min(batch, crops.size()))); // warm-up
                long t = System.nanoTime();
                for (int i = 0; i < crops.size(); i += batch) {
                    m.embed(crops.subList(i, Math.min(crops.size(), i + batch)));
                }
                seconds.put(name, (System.nanoTime() - t) / 1e9);
            }
        }
        return new Result(frames.size(), faceCrops.size(), seconds, facesAsStaged.seconds(), facesAsStaged.inputs());
    }

    /** Frames per fer.frames record when a file is read as fast as it goes. */
    static final int FRAMES_PER_BATCH = 8;

    /** The detector's calls as the face stage makes them: their seconds and inputs (whole frames, zoomed regions). */
    private record StagedDetector(double seconds, int inputs) {}

    /** The face stage's own cropper drives the detector over the clip; only the detector's calls are timed. */
    private static StagedDetector facesAsStaged(FaceDetector det, List<RgbImage> frames, int detectEvery) {
        long[] nanos = new long[1];
        int[] inputs = new int[1];
        FaceFinder timed = new FaceFinder() {
            @Override
            public List<List<Detection>> detect(List<RgbImage> images) {
                long t = System.nanoTime();
                List<List<Detection>> found = det.detect(images);
                nanos[0] += System.nanoTime() - t;
                inputs[0] += images.size();
                return found;
            }

            @Override
            public List<Detection> detectIn(RgbImage image, List<Box> regions) {
                long t = System.nanoTime();
                List<Detection> found = det.detectIn(image, regions);
                nanos[0] += System.nanoTime() - t;
                inputs[0] += regions.size();
                return found;
            }
        };
        FaceCropper cropper = new FaceCropper(StageConfig.DEFAULT.withDetectEvery(detectEvery));
        IouTracker tracker = cropper.newTracker();
        KeyFrameFaces keyFrames = cropper.newKeyFrames();
        for (int from = 0; from < frames.size(); from += FRAMES_PER_BATCH) {
            int to = Math.min(frames.size(), from + FRAMES_PER_BATCH);
            List<Long> indices = LongStream.range(from, to).boxed().toList();
            List<Long> timestamps = indices.stream().map(i -> i * 40_000).toList();
            cropper.cropFrames(frames.subList(from, to), indices, timestamps, timed, tracker, keyFrames);
        }
        return new StagedDetector(nanos[0] / 1e9, inputs[0]);
    }
}
