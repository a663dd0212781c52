package io.fer.classifier.window;

import java.io.Serializable;
import java.util.List;

/** Where each modality's vector goes in the per-frame feature vector the model reads. */
public record ModalityLayout(List<String> names, List<Integer> dims) implements Serializable {
    public int index(String modality) {
        return names.indexOf(modality);
    }

    public int offset(int index) {
        int off = 0;
        for (int i = 0; i < index; i++) {
            off += dims.get(i);
        }
        return off;
    }

    public int featureDim() {
        return dims.stream().mapToInt(Integer::intValue).sum();
    }

    public int size() {
        return names.size();
    }
}
