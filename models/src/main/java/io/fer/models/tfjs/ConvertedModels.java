package io.fer.models.tfjs;

import io.fer.models.store.ModelStore;
import io.fer.models.store.PinnedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tensorflow.proto.GraphDef;

/**
 * Converted graphs cached beside the models as binary GraphDefs, keyed by the checksums of the source
 * files, so a model is converted once per version and a changed source never meets a stale conversion.
 */
public final class ConvertedModels {
    /** Bump when the conversion itself changes, so caches made by an older converter are not reused. */
    static final int CONVERTER_VERSION = 4;

    /**
     * What the generators' outputs depend on besides their inputs: the pinned packages and this converter's version.
     * Caches of generator outputs (training features) include it, so they are not served across either change.
     */
    public static String generatorsIdentity() {
        StringBuilder id = new StringBuilder("converter v" + CONVERTER_VERSION);
        for (PinnedPackage p : PinnedPackage.bundled()) {
            id.append(' ').append(p.spec()).append(' ').append(p.integrity());
        }
        return id.toString();
    }

    private ConvertedModels() {}

    public static GraphDef load(ModelStore store, String name) {
        Path json = store.file(name + ".json");
        Path bin = store.file(name + ".bin");
        String key = ModelStore.sha256(json).substring(0, 12) + "-" + ModelStore.sha256(bin).substring(0, 12);
        Path cached = store.dir().resolve("converted").resolve(name + "-" + key + "-v" + CONVERTER_VERSION + ".pb");
        if (Files.isRegularFile(cached)) {
            try {
                return GraphDef.parseFrom(Files.readAllBytes(cached));
            } catch (IOException e) {
                // unreadable cache entry: convert again below
            }
        }
        GraphDef def = TfjsGraphModelLoader.load(json, bin);
        try {
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), name, ".part");
            Files.write(tmp, def.toByteArray());
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a read-only cache still works, it just converts each time
        }
        return def;
    }
}
