package io.fer.training;

import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.workers.expression.EmotionClasses;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.modality.ExpressionModality;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Builds the model the demo uses out of the box, from nothing but what setup fetched (the pretrained
 * models and the real photos of the pinned npm packages): no data set with restrictive terms, no hub.
 */
public final class DefaultModelBuilder {
    public static final String VERSION = "default-distilled-2";
    /** ~45 s on 2 CPU cores; validation agreement with the teacher ~0.74 on held-out faces. */
    public static final TrainConfig TRAIN = new TrainConfig(120, 64, 2e-3f, 42, 0.1f);

    private final ModelStore store;
    private final Consumer<String> progress;

    public DefaultModelBuilder(ModelStore store, Consumer<String> progress) {
        this.store = store;
        this.progress = progress;
    }

    public TrainResult build(Path outDir, TrainConfig cfg, DistillationData.Settings settings) {
        List<Clip> real;
        try (FaceDetector detector = new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT);
                ExpressionModel expression = new ExpressionModel(store)) {
            real = new DistillationData(detector, expression, progress).realClips(
                    store.samplePhotos().stream().map(store::file).toList(), settings);
        }
        int classes = EmotionClasses.MODEL_ORDER.size();
        int dim = real.get(0).features().length / settings.windowFrames();
        List<Clip> all = new ArrayList<>(real);
        all.addAll(DistillationData.derived(real, settings, classes, dim));
        // hold out every fifth face for validation
        List<String> groups = real.stream().map(Clip::group).distinct().sorted().toList();
        List<String> held = IntStream.range(0, groups.size()).filter(i -> i % 5 == 4).mapToObj(groups::get).toList();
        List<Clip> train = all.stream().filter(c -> !held.contains(c.group())).toList();
        List<Clip> val = all.stream().filter(c -> held.contains(c.group())).toList();
        progress.accept(real.size() + " real clips from " + groups.size() + " faces; " + train.size() + " training and "
                + val.size() + " validation clips");

        List<Modality> modalities = List.of(new Modality(ExpressionModality.NAME, dim));
        TransformerSpec spec = new TransformerSpec(modalities, settings.windowFrames(), classes, 64, 4, 2, 128);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("method", "distillation of the pretrained per-frame expression model (emotion, mini-Xception"
                + " on FER-2013) into the temporal transformer");
        provenance.put("data", "augmented 16-frame clips of the faces in the sample photos of the pinned face-api npm package");
        provenance.put("faces", groups.size());
        provenance.put("clips", all.size());
        provenance.put("seed", cfg.seed());
        provenance.put("created", Instant.now().toString());
        ModelMetadata md = new ModelMetadata(VERSION, EmotionClasses.MODEL_ORDER, modalities, settings.windowFrames(), 4,
                provenance, new LinkedHashMap<>());
        TrainResult result = new TransformerTrainer(progress).train(train, val, spec, cfg, md, outDir);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation_agreement_with_teacher", result.validationAccuracy());
        metrics.put("final_loss", result.finalLoss());
        new ModelMetadata(VERSION, md.classes(), modalities, md.windowFrames(), md.windowStride(), provenance, metrics).write(outDir);
        return result;
    }
}
