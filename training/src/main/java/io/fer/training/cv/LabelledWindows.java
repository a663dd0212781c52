package io.fer.training.cv;

import io.fer.classifier.model.FeatureWindow;
import io.fer.training.Clip;
import io.fer.training.dataset.Dataset;
import io.fer.training.dataset.LabelledClip;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One labelled clip as the learners see it: its subject, its class and its feature windows (none when no face was
 * found: such a clip counts as wrong, as in evaluation), and windows of augmented copies (the clip mirrored) that only
 * training reads: a held-out clip is scored on its own windows.
 */
public record LabelledWindows(String id, String group, int label, List<Clip> windows, List<Clip> augmented) {
    public LabelledWindows(String id, String group, int label, List<Clip> windows) {
        this(id, group, label, windows, List.of());
    }

    /** The clips with their augmented copies' windows attached. */
    public static List<LabelledWindows> withAugmented(List<LabelledWindows> clips, Dataset ds, Map<String, List<FeatureWindow>> copies) {
        Map<String, List<Clip>> byId = new HashMap<>();
        for (LabelledWindows c : of(ds, copies)) {
            byId.put(c.id(), c.windows());
        }
        return clips.stream().map(c -> {
            List<Clip> augmented = new ArrayList<>(c.augmented());
            augmented.addAll(byId.getOrDefault(c.id(), List.of()));
            return new LabelledWindows(c.id(), c.group(), c.label(), c.windows(), augmented);
        }).toList();
    }

    /** What training reads: each clip's windows and its augmented copies'. */
    public static List<Clip> trainingWindowsOf(List<LabelledWindows> clips) {
        List<Clip> out = new ArrayList<>();
        clips.forEach(c -> {
            out.addAll(c.windows());
            out.addAll(c.augmented());
        });
        return out;
    }

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
