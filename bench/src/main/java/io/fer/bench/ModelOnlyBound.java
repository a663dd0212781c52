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
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modalities;
import io.fer.workers.modality.Modality;
import io.fer.workers.stage.FaceCropper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-only bound of a clip: the generators' own calls (pre-processing and engine, batched, after a warm-up) on
 * all its frames and faces, without Kafka, JPEG or windows. What a pipeline's rate is compared with.
 */
public final class ModelOnlyBound {
    /** Seconds per stage (the detector as "faces", each modality by name) for the clip's frames and face-frames. */
    public record Result(int frames, int faceFrames, Map<String, Double> seconds) {
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
            return new Result(frames, faceFrames, mean);
        }

        /** The same, with the detector's time scaled to the key frames of a stage detecting on every Nth frame. */
        public double faceFramesPerSecondDetectingEvery(int n) {
            double keyFraction = frames == 0 ? 1 : Math.ceil(frames / (double) n) / frames;
            return faceFrames / (totalSeconds() - seconds.getOrDefault(Workers.FACES, 0.0) * (1 - keyFraction));
        }
    }

    private ModelOnlyBound() {}

    public static Result measure(ModelStore store, String source, List<String> modalities, int batch) {
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
        try (FaceDetector det = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, opts)) {
            det.detect(frames.subList(0, Math.min(8, frames.size()))); // warm-up
            long t = System.nanoTime();
            List<List<Detection>> dets = new ArrayList<>();
            for (int i = 0; i < frames.size(); i += 8) {
                dets.addAll(det.detect(frames.subList(i, Math.min(frames.size(), i + 8))));
            }
            seconds.put(Workers.FACES, (System.nanoTime() - t) / 1e9);
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
        return new Result(frames.size(), faceCrops.size(), seconds);
    }
}
