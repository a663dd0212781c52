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
        String l = label.toLowerCase(Locale.ROOT);
        for (String c : modelClasses) {
            if (c.equalsIgnoreCase(l)) {
                return c;
            }
        }
        String synonym = SYNONYMS.get(l);
        if (synonym != null) {
            for (String c : modelClasses) {
                if (c.equalsIgnoreCase(synonym) || SYNONYMS.getOrDefault(c.toLowerCase(Locale.ROOT), "").equals(synonym)) {
                    return c;
                }
            }
        }
        for (String c : modelClasses) { // the model's own class may be the synonym (a model trained on CK+'s names)
            if (synonym == null && l.equals(SYNONYMS.get(c.toLowerCase(Locale.ROOT)))) {
                return c;
            }
        }
        return null;
    }
}
