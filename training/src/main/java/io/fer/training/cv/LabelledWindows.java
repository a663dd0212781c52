package io.fer.training.cv;

import io.fer.classifier.model.FeatureWindow;
import io.fer.training.Clip;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One labelled clip as the learners see it: its subject, its class and its feature windows (none when no face was
 * found: such a clip counts as wrong, as in evaluation).
 */
public record LabelledWindows(String id, String group, int label, List<Clip> windows) {
    public static List<LabelledWindows> of(Dataset ds, Map<String, List<FeatureWindow>> features) {
        List<LabelledWindows> out = new ArrayList<>();
        for (LabelledClip c : ds.clips()) {
            int label = ds.classIndex(c.label());
            float[] target = new float[ds.classes().size()];
            target[label] = 1;
            List<Clip> windows = features.getOrDefault(c.id(), List.of()).stream()
                    .map(w -> new Clip(w.features, w.mask, target, c.group())).toList();
            out.add(new LabelledWindows(c.id(), c.group(), label, windows));
        }
        return out;
    }

    public static List<Clip> windowsOf(List<LabelledWindows> clips) {
        List<Clip> out = new ArrayList<>();
        clips.forEach(c -> out.addAll(c.windows()));
        return out;
    }
}
