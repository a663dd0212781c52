package io.fer.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the fer checkout is, for tests that read its files (parity harnesses, examples, schemas, compose file). */
public final class Checkout {
    private Checkout() {}

    /** The nearest folder up from {@code fer.repo} (set by the build) or the working directory with docker-compose.yml. */
    public static Path root() {
        Path p = Path.of(System.getProperty("fer.repo", ".")).toAbsolutePath().normalize();
        while (p != null && !Files.isRegularFile(p.resolve("docker-compose.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("not inside the fer checkout (docker-compose.yml not found above "
                    + Path.of(System.getProperty("fer.repo", ".")).toAbsolutePath() + ")");
        }
        return p;
    }
}
