package io.fer.launcher;

import java.util.List;

/**
 * Commands another module adds to {@code fer} (the benchmarks): listed in its
 * {@code META-INF/services/io.fer.launcher.CommandModule} and found on the class path, so the CLI does not depend on
 * them and the runtime images need not carry them.
 */
public interface CommandModule {
    /** picocli {@code @Command} instances, added under {@code fer} by their names. */
    List<Object> commands();
}
