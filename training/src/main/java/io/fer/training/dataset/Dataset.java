package io.fer.training.dataset;

import java.util.List;

/** Labelled clips and the class names in the order the model will use. */
public record Dataset(List<String> classes, List<LabelledClip> clips) {
    public int classIndex(String label) {
        int i = classes.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not one of " + classes);
        }
        return i;
    }
}
