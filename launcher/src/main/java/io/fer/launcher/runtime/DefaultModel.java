package io.fer.launcher.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.models.store.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The default temporal model: trained on FER2013 (its metadata.json says on what, how, and with which figures), shipped
 * inside the launcher jar and unpacked into the model store on first use. Nothing trains at start. Rebuilt from the data
 * with {@code scripts/build-default-model.sh} (see README, Default model).
 */
public final class DefaultModel {
    /** Where the shipped model lies on the class path (and in the source tree, under launcher/src/main/resources). */
    static final String RESOURCE = "/io/fer/launcher/default-model/";
    static final List<String> FILES = List.of("metadata.json", "saved_model.pb", "variables/variables.index",
            "variables/variables.data-00000-of-00001");

    private DefaultModel() {}

    /** The shipped model's version (from its metadata.json). */
    public static String version() {
        try (InputStream in = resource("metadata.json")) {
            return new ObjectMapper().readTree(in).get("version").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path dir(ModelStore store) {
        return store.dir().resolve("temporal").resolve(version());
    }

    /** The model's directory, unpacked from the jar if it is not there yet. */
    public static Path ensure(ModelStore store, Consumer<String> log) {
        Path dir = dir(store);
        if (FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return dir;
        }
        log.accept("unpacking the default model into " + dir);
        try {
            Path tmp = Files.createTempDirectory(Files.createDirectories(dir.getParent()), ".default-model");
            for (String f : FILES) {
                Path to = tmp.resolve(f);
                Files.createDirectories(to.getParent());
                try (InputStream in = resource(f)) {
                    Files.copy(in, to);
                }
            }
            if (Files.isDirectory(dir)) { // a partial earlier unpack
                try (var old = Files.walk(dir)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another process unpacked it meanwhile
                try (var partial = Files.walk(tmp)) {
                    partial.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the default model into " + dir, e);
        }
        return dir;
    }

    private static InputStream resource(String file) {
        InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE + file);
        if (in == null) {
            throw new IllegalStateException("the default model's " + file + " is missing from the class path (" + RESOURCE + ")");
        }
        return in;
    }
}
