package io.fer.training.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A data set's label as one of a model's classes: the same name, or a common synonym (CK+'s "anger", "sadness"; "fearful",
 * "happiness", ...). Null when the model has no such class (CK+'s "contempt" for the seven pipeline classes).
 */
public final class LabelNames {
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("anger", "angry"), Map.entry("sadness", "sad"), Map.entry("happiness", "happy"), Map.entry("joy", "happy"),
            Map.entry("fearful", "fear"), Map.entry("afraid", "fear"), Map.entry("disgusted", "disgust"),
            Map.entry("surprised", "surprise"), Map.entry("neutrality", "neutral"), Map.entry("calm", "neutral"));

    private LabelNames() {}

    public static String toModel(String label, List<String> modelClasses) {
        String wanted = canonical(label);
        return modelClasses.stream().filter(c -> canonical(c).equals(wanted)).findFirst().orElse(null);
    }

    /** One name per emotion: a synonym's class name, lower case. */
    private static String canonical(String name) {
        String l = name.toLowerCase(Locale.ROOT);
        return SYNONYMS.getOrDefault(l, l);
    }
}
