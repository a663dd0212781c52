package io.fer.launcher;

import io.fer.models.store.ModelStore;
import io.fer.training.DefaultModelBuilder;
import io.fer.training.DistillationData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Where the default temporal model lives, and building it on first use from the fetched packages alone. */
public final class DefaultModel {
    private DefaultModel() {}

    public static Path dir(ModelStore store) {
        return store.dir().resolve("temporal").resolve(DefaultModelBuilder.VERSION);
    }

    public static Path ensure(ModelStore store, Consumer<String> log) {
        Path dir = dir(store);
        if (Files.isRegularFile(dir.resolve("saved_model.pb")) && Files.isRegularFile(dir.resolve("metadata.json"))) {
            return dir;
        }
        log.accept("building the default model once (about a minute): ./fer train --default --out " + dir);
        new DefaultModelBuilder(store, log).build(dir, DefaultModelBuilder.TRAIN, DistillationData.Settings.DEFAULT);
        return dir;
    }
}
