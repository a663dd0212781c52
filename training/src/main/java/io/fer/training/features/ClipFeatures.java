package io.fer.training.features;

import io.fer.classifier.model.FeatureWindow;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.training.dataset.LabelledClip;
import io.fer.workers.modality.Modalities;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The feature windows of labelled clips: from the feature cache when an extraction with the same settings (or one of
 * more modalities) is there, else extracted with the live operators on Flink BATCH ({@link FeatureExtraction}) and cached.
 */
public final class ClipFeatures {
    private final Path modelsDir;
    private final Consumer<String> progress;
    private final String track;

    /** @param track which face track of a clip is its labelled one (see {@link ExtractionConfig#track()}) */
    public ClipFeatures(Path modelsDir, Consumer<String> progress, String track) {
        this.modelsDir = modelsDir;
        this.progress = progress;
        this.track = track;
    }

    /**
     * @param mirrored    the clips' frames mirrored left to right (training augmentation)
     * @param degradation what the clips' frames go through before the face stage ({@link ExtractionConfig#degradation()}):
     *                    a condition of {@code fer eval --conditions} or a training copy's marker
     */
    public Map<String, List<FeatureWindow>> windows(List<LabelledClip> clips, List<String> modalities, boolean aligned,
            int windowFrames, int stride, int parallelism, boolean mirrored, String degradation) throws Exception {
        ExtractionConfig ext = new ExtractionConfig(modelsDir.toString(), modalities, aligned, windowFrames, 512, track, mirrored, degradation);
        Path cacheDir = modelsDir.resolve("feature-cache");
        List<Path> cached = FeatureCache.lookup(cacheDir, clips, ext, windowFrames, stride);
        if (!cached.isEmpty()) {
            List<Map<String, List<FeatureWindow>>> parts = new ArrayList<>();
            List<List<String>> partModalities = new ArrayList<>();
            for (Path file : cached) {
                progress.accept("features from the cache " + file);
                List<String> have = FeatureCache.modalitiesOf(file);
                List<String> wanted = modalities.stream().filter(have::contains)
                        .filter(m -> partModalities.stream().noneMatch(pm -> pm.contains(m))).toList();
                parts.add(FeatureCache.select(FeatureCacheFile.read(file), have, have.stream().map(Modalities::dimension).toList(), wanted));
                partModalities.add(wanted);
            }
            var joined = FeatureCache.join(parts, partModalities, Modalities::dimension, modalities);
            if (joined != null) {
                return joined;
            }
            progress.accept("the cached modalities have different windows: extracting " + modalities + " together");
        }
        Path cache = FeatureCache.file(cacheDir, clips, ext, windowFrames, stride);
        long t = System.nanoTime();
        progress.accept("extracting features of " + clips.size() + (mirrored ? " mirrored" : "") + " clips"
                + (ext.degradation().isEmpty() ? "" : " (" + ext.describeDegradation() + ")") + " (Flink BATCH): " + modalities);
        var windows = FeatureExtraction.run(clips, ext, layout(modalities), new WindowPlan(windowFrames, stride), parallelism, progress);
        progress.accept(String.format("features extracted in %.1f s; cached in %s", (System.nanoTime() - t) / 1e9, cache));
        FeatureCacheFile.write(cache, windows);
        return windows;
    }

    public static ModalityLayout layout(List<String> modalities) {
        return new ModalityLayout(modalities, modalities.stream().map(Modalities::dimension).toList());
    }
}
