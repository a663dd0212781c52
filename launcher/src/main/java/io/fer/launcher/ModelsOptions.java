package io.fer.launcher;

import io.fer.models.store.ModelStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --models-dir, shared by the commands that read the model cache. */
public final class ModelsOptions {
    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "model cache (default: $FER_MODELS or ~/.cache/fer/models)")
    Path modelsDir;

    public ModelStore store() {
        return ModelStore.at(modelsDir != null ? modelsDir : ModelStore.defaultDir());
    }
}
