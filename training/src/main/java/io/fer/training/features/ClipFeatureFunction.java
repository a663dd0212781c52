package io.fer.training.features;

import io.fer.classifier.model.Embedding;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.source.DecodedFrame;
import io.fer.ingest.source.FrameSource;
import io.fer.ingest.source.SourceSpec;
import io.fer.models.store.ModelStore;
import io.fer.models.tf.TfGraph;
import io.fer.workers.face.Detection;
import io.fer.workers.face.FaceAligner;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modalities;
import io.fer.workers.modality.Modality;
import io.fer.workers.stage.FaceStage;
import io.fer.workers.stage.StageConfig;
import io.fer.ingest.pipeline.JpegEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Clip -> per-frame modality embeddings, with the operators the live path uses: the ingest sources decode, the face
 * stage's detection and alignment (or its pass-through for pre-aligned frames), the modality stages' generators.
 * The clip's most prominent face is its track 0. Ends with the track's end marker so the window assembly flushes.
 */
public class ClipFeatureFunction extends RichFlatMapFunction<ClipTask, Embedding> {
    private static final long FRAME_US = 40_000;

    private final ExtractionConfig config;
    private transient FaceDetector detector;
    private transient List<Modality> modalities;

    public ClipFeatureFunction(ExtractionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        ModelStore store = ModelStore.at(Path.of(config.modelsDir()));
        if (!config.alignedFaces()) {
            detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, TfGraph.TfOptions.DEFAULT);
        }
        modalities = new ArrayList<>();
        for (String m : config.modalities()) {
            modalities.add(Modalities.create(m, store, TfGraph.TfOptions.DEFAULT));
        }
    }

    @Override
    public void flatMap(ClipTask task, Collector<Embedding> out) {
        List<RgbImage> frames = frames(task.source);
        List<RgbImage> faces = new ArrayList<>();
        List<RgbImage> contexts = new ArrayList<>();
        for (RgbImage f : frames) {
            if (config.alignedFaces()) {
                faces.add(roundTrip(FaceStage.looseCropOfAligned(f)));
                contexts.add(f);
            } else {
                List<Detection> d = detector.detect(f);
                if (d.isEmpty()) {
                    faces.add(null);
                    contexts.add(null);
                    continue;
                }
                Detection main = d.stream().max(Comparator.comparingDouble(x -> x.box().area())).get();
                faces.add(roundTrip(Images.warp(f, FaceAligner.align(main, FaceAligner.CROP_MARGIN), 256)));
                contexts.add(roundTrip(Images.warp(f, FaceStage.contextRegion(main.box()), 192)));
            }
        }
        int n = frames.size();
        int t = Math.max(n, config.minFrames());
        for (Modality m : modalities) {
            List<RgbImage> crops = m.input() == Modality.Input.FACE_CROP ? faces : contexts;
            List<Integer> present = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (crops.get(i) != null) {
                    present.add(i);
                }
            }
            List<float[]> vectors = m.embed(present.stream().map(crops::get).toList());
            float[][] byFrame = new float[n][];
            for (int k = 0; k < present.size(); k++) {
                byFrame[present.get(k)] = vectors.get(k);
            }
            for (int i = 0; i < t; i++) {
                int src = (int) ((long) i * n / t); // resampling of short clips: frames repeated in order
                if (byFrame[src] != null) {
                    out.collect(new Embedding(task.clipId, 0, i, i * FRAME_US, m.name(), byFrame[src], false, 0));
                }
            }
        }
        out.collect(new Embedding(task.clipId, 0, -1, t * FRAME_US, "end", new float[0], true, 1));
    }

    /** The JPEG round trip a crop makes on fer.faces. */
    private static RgbImage roundTrip(RgbImage crop) {
        return Images.decode(Images.encodeJpeg(crop, StageConfig.DEFAULT.jpegQuality()));
    }

    private List<RgbImage> frames(String source) {
        List<RgbImage> out = new ArrayList<>();
        IngestConfig cfg = IngestConfig.DEFAULT;
        try (FrameSource s = SourceSpec.of(source, "clip", false, config.alignedFaces()).open(cfg)) {
            for (DecodedFrame f; out.size() < config.maxFrames() && (f = s.next()) != null; ) {
                // the JPEG round trip the frame makes on fer.frames, so features equal the live path's
                out.add(Images.decode(JpegEncoder.encode(f.image(), cfg.jpegQuality())));
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
