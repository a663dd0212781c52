package io.fer.training.dataset;

import java.util.List;

/**
 * Labelled clips and the class names in the order the model will use.
 *
 * @param personGroups whether the clips' groups are persons (subjects), so that folds can be grouped by person; false
 *                     for data without subject ids (still images such as FER2013), whose folds are stratified by class
 */
public record Dataset(List<String> classes, List<LabelledClip> clips, boolean personGroups) {
    public Dataset(List<String> classes, List<LabelledClip> clips) {
        this(classes, clips, true);
    }

    public int classIndex(String label) {
        int i = classes.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not one of " + classes);
        }
        return i;
    }
}
