package io.fer.training.eval;

import io.fer.classifier.model.FeatureWindow;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.ModelMetadata.Modality;
import io.fer.models.temporal.TemporalModel;
import io.fer.schemas.Probabilities;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import io.fer.training.features.ClipFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A trained model scored on a labelled data set, clip by clip: the mean of each clip's windows' probabilities, argmax. */
public final class ModelEvaluation {
    private final ClipFeatures features;
    private final Consumer<String> progress;

    public ModelEvaluation(ClipFeatures features, Consumer<String> progress) {
        this.features = features;
        this.progress = progress;
    }

    /**
     * @param sharedClassesOnly leave out (and say so) clips whose label the model has no class for (CK+'s contempt for
     *                          the pipeline's seven), instead of refusing the data set; labels are matched by name or
     *                          common synonym (anger = angry, sadness = sad, ...)
     * @param degradation       what every frame goes through first (a {@link io.fer.workers.image.Degradation} spec; "" none)
     */
    public EvalResult evaluate(Path modelDir, Dataset ds, boolean aligned, int parallelism, boolean sharedClassesOnly, String degradation)
            throws Exception {
        try (TemporalModel model = TemporalModel.load(modelDir)) {
            ModelMetadata md = model.metadata();
            List<String> mods = md.modalities().stream().map(Modality::name).toList();
            List<LabelledClip> clips = new ArrayList<>();
            Map<String, Integer> leftOut = new TreeMap<>();
            for (LabelledClip c : ds.clips()) {
                String label = LabelNames.toModel(c.label(), md.classes());
                if (label != null) {
                    clips.add(new LabelledClip(c.id(), label, c.group(), c.source()));
                } else if (sharedClassesOnly) {
                    leftOut.merge(c.label(), 1, Integer::sum);
                } else {
                    throw new IllegalArgumentException("clip " + c.id() + " has label '" + c.label() + "', which the model's classes "
                            + md.classes() + " lack (--shared-classes leaves such clips out)");
                }
            }
            if (!leftOut.isEmpty()) {
                progress.accept("left out clips of labels the model lacks: " + leftOut);
            }
            var windows = features.windows(clips, mods, aligned, md.windowFrames(), md.windowStride(), parallelism, false, degradation);
            int[] truth = new int[clips.size()];
            int[] predicted = new int[clips.size()];
            for (int i = 0; i < clips.size(); i++) {
                LabelledClip c = clips.get(i);
                truth[i] = md.classes().indexOf(c.label());
                predicted[i] = predict(model, windows.getOrDefault(c.id(), List.of()));
            }
            return EvalResult.of(md.classes(), truth, predicted);
        }
    }

    /** The clip's label: argmax of its windows' mean probabilities (-1 if no window: no face found). */
    public static int predict(TemporalModel model, List<FeatureWindow> windows) {
        if (windows.isEmpty()) {
            return -1;
        }
        int c = model.metadata().classes().size();
        double[] mean = new double[c];
        for (FeatureWindow w : windows) {
            float[] p = model.predict(w.features, w.mask, 1)[0];
            for (int k = 0; k < c; k++) {
                mean[k] += p[k] / windows.size();
            }
        }
        return Probabilities.argmax(mean);
    }
}
