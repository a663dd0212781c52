package io.fer.training.features;

import io.fer.classifier.model.Embedding;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.source.DecodedFrame;
import io.fer.ingest.source.FrameSource;
import io.fer.ingest.source.SourceSpec;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceFinder;
import io.fer.workers.face.IouTracker;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Box;
import io.fer.workers.image.Degradation;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modalities;
import io.fer.workers.modality.Modality;
import io.fer.workers.stage.FaceCropper;
import io.fer.workers.stage.StageConfig;
import io.fer.ingest.pipeline.JpegEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Clip -> per-frame modality embeddings, with the operators the live path uses: the ingest sources decode (and the
 * JPEG round trip of fer.frames), the face stage's detector, tracker and cropper with its settings (and the JPEG round
 * trip of fer.faces), the modality stages' generators. The labelled face is one track of the clip (the longest by
 * default); it becomes track 0. Ends with the track's end marker so the window assembly flushes.
 */
public class ClipFeatureFunction extends RichFlatMapFunction<ClipTask, Embedding> {
    private final ExtractionConfig config;
    private transient FaceDetector detector;
    private transient FaceCropper cropper;
    private transient List<Modality> modalities;

    public ClipFeatureFunction(ExtractionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        ModelStore store = ModelStore.at(Path.of(config.modelsDir()));
        cropper = new FaceCropper(StageConfig.DEFAULT);
        if (!config.alignedFaces()) {
            detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, TfGraph.TfOptions.DEFAULT);
        }
        modalities = new ArrayList<>();
        for (String m : config.modalities()) {
            modalities.add(Modalities.create(m, store, TfGraph.TfOptions.DEFAULT));
        }
    }

    /** The detector batched as the face stage batches it. */
    private final class BatchedFinder implements FaceFinder {
        @Override
        public List<List<Detection>> detect(List<RgbImage> images) {
            List<List<Detection>> out = new ArrayList<>();
            for (int from = 0; from < images.size(); from += 32) {
                out.addAll(detector.detect(images.subList(from, Math.min(images.size(), from + 32))));
            }
            return out;
        }

        @Override
        public List<Detection> detectIn(RgbImage image, List<Box> regions) {
            return detector.detectIn(image, regions);
        }
    }

    private record SourceFrame(RgbImage image, byte[] jpeg, long timestampUs) {}

    /** One clip's labelled track: per frame its face and context crops (null where the track has no face). */
    private record TrackCrops(String clipId, List<SourceFrame> frames, RgbImage[][] crops) {
        int frameCount() {
            return frames.size();
        }
    }

    @Override
    public void flatMap(ClipTask task, Collector<Embedding> out) {
        List<TrackCrops> clips = new ArrayList<>();
        for (int i = 0; i < task.clipIds.length; i++) {
            clips.add(labelledTrack(task.clipIds[i], frames(task.clipIds[i], task.sources[i])));
        }
        // every clip's crops through each generator in one call: a batch of stills costs one batched run, not one each
        Map<String, float[][][]> vectors = new HashMap<>();
        for (Modality m : modalities) {
            List<RgbImage> inputs = new ArrayList<>();
            for (TrackCrops c : clips) {
                if (c.crops() != null) {
                    for (RgbImage crop : c.crops()[m.input() == Modality.Input.FACE_CROP ? 0 : 1]) {
                        if (crop != null) {
                            inputs.add(crop);
                        }
                    }
                }
            }
            List<float[]> embedded = inputs.isEmpty() ? List.of() : m.embed(inputs);
            int next = 0;
            for (TrackCrops c : clips) {
                float[][] byFrame = new float[c.frameCount()][];
                if (c.crops() != null) {
                    RgbImage[] input = c.crops()[m.input() == Modality.Input.FACE_CROP ? 0 : 1];
                    for (int f = 0; f < input.length; f++) {
                        byFrame[f] = input[f] == null ? null : embedded.get(next++);
                    }
                }
                vectors.computeIfAbsent(c.clipId(), k -> new float[modalities.size()][][])[modalities.indexOf(m)] = byFrame;
            }
        }
        for (TrackCrops c : clips) {
            emit(c, vectors.get(c.clipId()), out);
            ExtractionProgress.clipDone();
        }
    }

    /** The clip's faces as the face stage crops them, and its labelled track; crops null if no face was found. */
    private TrackCrops labelledTrack(String clipId, List<SourceFrame> frames) {
        int n = frames.size();
        // per track, per frame: the face and context crop as the modality stages decode them from fer.faces
        Map<Integer, RgbImage[][]> tracks = new TreeMap<>();
        Map<Integer, double[]> areas = new HashMap<>();
        IouTracker tracker = cropper.newTracker();
        List<List<FaceCropper.CroppedFace>> facesOfFrames;
        if (detector == null) {
            facesOfFrames = new ArrayList<>();
            for (SourceFrame f : frames) {
                facesOfFrames.add(List.of(cropper.aligned(f.image(), f.jpeg(), tracker, f.timestampUs())));
            }
        } else { // the face stage's key frames, detector and tracker, on the clip's frame indices
            List<Long> indices = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                indices.add(i);
            }
            facesOfFrames = cropper.cropFrames(frames.stream().map(SourceFrame::image).toList(), indices,
                    frames.stream().map(SourceFrame::timestampUs).toList(), new BatchedFinder(), tracker, cropper.newKeyFrames());
        }
        for (int i = 0; i < n; i++) {
            for (FaceCropper.CroppedFace c : facesOfFrames.get(i)) {
                RgbImage[][] crops = tracks.computeIfAbsent(c.trackId(), k -> new RgbImage[2][n]);
                crops[0][i] = Images.decode(c.faceJpeg());
                crops[1][i] = c.contextJpeg().length == 0 ? null : Images.decode(c.contextJpeg());
                double[] a = areas.computeIfAbsent(c.trackId(), k -> new double[2]);
                a[0] += c.box().area();
                a[1]++;
            }
        }
        Integer chosen = choose(areas, config.track());
        return new TrackCrops(clipId, frames, chosen == null ? null : tracks.get(chosen));
    }

    /**
     * The clip's embeddings as track 0, then its end marker. Clips shorter than minFrames are stretched to it (frames
     * repeated in order); a clip of one frame, a still, stays one frame: its window masks the rest, as the live path's
     * window of a one-frame stream does, and it costs one frame in the cache and in training.
     */
    private void emit(TrackCrops c, float[][][] byModality, Collector<Embedding> out) {
        List<SourceFrame> frames = c.frames();
        int n = frames.size();
        int t = n == 1 ? 1 : Math.max(n, config.minFrames());
        if (c.crops() != null) {
            for (int q = 0; q < modalities.size(); q++) {
                float[][] byFrame = byModality[q];
                for (int i = 0; i < t; i++) {
                    int src = (int) ((long) i * n / t); // resampling of short clips: frames repeated in order
                    if (byFrame[src] != null) {
                        out.collect(new Embedding(c.clipId(), 0, i, timeOf(frames, i, n, t), modalities.get(q).name(), byFrame[src], false, 0));
                    }
                }
            }
        }
        // a millisecond after the last frame: the BATCH job sorts each clip's records by their millisecond timestamps, and
        // an end marker in the same millisecond as a frame may sort before it (a still's only frame was then lost)
        out.collect(new Embedding(c.clipId(), 0, -1, n == 0 ? 0 : timeOf(frames, t - 1, n, t) + 1000, "end", new float[0], true, 1));
    }

    /** The labelled track: the longest (then the larger face) or the largest (then the longer); null if none. */
    static Integer choose(Map<Integer, double[]> areaAndFrames, String how) {
        Integer best = null;
        for (Map.Entry<Integer, double[]> e : areaAndFrames.entrySet()) {
            if (best == null || better(e.getValue(), areaAndFrames.get(best), how)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static boolean better(double[] a, double[] b, String how) {
        double meanA = a[0] / a[1];
        double meanB = b[0] / b[1];
        return how.equals("largest") ? meanA > meanB || (meanA == meanB && a[1] > b[1]) : a[1] > b[1] || (a[1] == b[1] && meanA > meanB);
    }

    /** Frame i of the resampled clip gets the time of the source frame it repeats, spaced to stay increasing. */
    private static long timeOf(List<SourceFrame> frames, int i, int n, int t) {
        if (t == n) {
            return frames.get(i).timestampUs();
        }
        return i * 40_000L; // a short clip stretched to one window: the 25 fps clock of a live source
    }

    private List<SourceFrame> frames(String clipId, String source) {
        List<SourceFrame> out = new ArrayList<>();
        IngestConfig cfg = IngestConfig.DEFAULT;
        Degradation degradation = config.degradationOf(clipId);
        try (FrameSource s = SourceSpec.of(source, "clip", false, config.alignedFaces()).open(cfg)) {
            for (DecodedFrame f; out.size() < config.maxFrames() && (f = s.next()) != null; ) {
                // the JPEG round trip the frame makes on fer.frames, so features equal the live path's
                BufferedImage image = config.mirrored() ? Mirror.flip(f.image()) : f.image();
                byte[] jpeg = degradation.isNone() ? JpegEncoder.encode(image, cfg.jpegQuality())
                        : Images.encodeJpeg(degradation.apply(Images.fromBuffered(image), clipId.hashCode() * 1_000_003L + out.size()),
                                cfg.jpegQuality());
                out.add(new SourceFrame(Images.decode(jpeg), jpeg, f.timestampUs()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (detector != null) {
            detector.close();
        }
        if (modalities != null) {
            modalities.forEach(Modality::close);
        }
    }
}
