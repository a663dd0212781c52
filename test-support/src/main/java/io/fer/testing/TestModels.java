package io.fer.testing;

import io.fer.models.store.ModelStore;
import java.util.List;

/** The fetched model cache tests run against ($FER_MODELS or ~/.cache/fer/models; `./fer models fetch` fills it). */
public final class TestModels {
    private TestModels() {}

    public static ModelStore store() {
        ModelStore store = ModelStore.at(ModelStore.defaultDir());
        List<String> problems = store.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("tests need the model cache at " + store.dir() + " (" + problems.get(0) + "): "
                    + ModelStore.FETCH_HINT);
        }
        return store;
    }
}
