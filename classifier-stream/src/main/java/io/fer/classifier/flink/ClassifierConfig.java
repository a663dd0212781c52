package io.fer.classifier.flink;

import io.fer.classifier.window.AssemblyTiming;
import io.fer.classifier.window.ModalityLayout;
import io.fer.classifier.window.WindowPlan;
import io.fer.models.temporal.ModelMetadata;
import java.nio.file.Path;

/**
 * Settings of the classifier job.
 *
 * @param timing          modality timeout, track idle time and state TTL of the window assembly
 * @param maxBatch        windows per transformer call at most
 * @param maxBatchDelayMs a window waits this long at most for others to share its transformer call
 */
public record ClassifierConfig(String modelDir, ModalityLayout layout, WindowPlan plan, AssemblyTiming timing,
        int parallelism, int maxBatch, long maxBatchDelayMs) {

    /**
     * The windows of one frame's tracks arrive within a few ms of each other (one embedding record carries them all),
     * so a short wait still batches them; every ms here is on every event's latency.
     */
    static final long BATCH_DELAY_MS = 10;

    /** The same settings with the model read from elsewhere (a path on the TaskManagers, or the job's shipped copy). */
    public ClassifierConfig withModelDir(String dir) {
        return new ClassifierConfig(dir, layout, plan, timing, parallelism, maxBatch, maxBatchDelayMs);
    }

    /** Modalities and window come from the model's metadata; the stride may be overridden (0 keeps the model's). */
    public static ClassifierConfig forModel(Path modelDir, int strideOverride, int parallelism) {
        return forModel(modelDir, strideOverride, parallelism, AssemblyTiming.DEFAULT);
    }

    public static ClassifierConfig forModel(Path modelDir, int strideOverride, int parallelism, AssemblyTiming timing) {
        ModelMetadata md = ModelMetadata.read(modelDir);
        ModalityLayout layout = new ModalityLayout(md.modalities().stream().map(ModelMetadata.Modality::name).toList(),
                md.modalities().stream().map(ModelMetadata.Modality::dim).toList());
        int stride = strideOverride > 0 ? strideOverride : md.windowStride();
        return new ClassifierConfig(modelDir.toString(), layout, new WindowPlan(md.windowFrames(), stride), timing,
                parallelism, 32, BATCH_DELAY_MS);
    }
}
