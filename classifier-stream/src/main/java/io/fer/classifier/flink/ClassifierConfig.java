package io.fer.classifier.flink;

import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.models.temporal.ModelMetadata;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the classifier job.
 *
 * @param maxOutOfOrder how far behind the newest frame a frame may arrive and still be placed before its window closes
 * @param idleness      a source partition without records for this long does not hold the watermark back
 * @param maxBatch      windows per transformer call at most
 * @param maxBatchDelayMs a window waits this long at most for others to share its transformer call
 */
public record ClassifierConfig(String modelDir, ModalityLayout layout, WindowPlan plan, Duration maxOutOfOrder,
        Duration idleness, int parallelism, int maxBatch, long maxBatchDelayMs) {

    /** Modalities and window come from the model's metadata; the stride may be overridden (0 keeps the model's). */
    public static ClassifierConfig forModel(Path modelDir, int strideOverride, int parallelism) {
        ModelMetadata md = ModelMetadata.read(modelDir);
        ModalityLayout layout = new ModalityLayout(md.modalities().stream().map(ModelMetadata.Modality::name).toList(),
                md.modalities().stream().map(ModelMetadata.Modality::dim).toList());
        int stride = strideOverride > 0 ? strideOverride : md.windowStride();
        return new ClassifierConfig(modelDir.toString(), layout, new WindowPlan(md.windowFrames(), stride),
                Duration.ofMillis(500), Duration.ofSeconds(5), parallelism, 32, 50);
    }
}
