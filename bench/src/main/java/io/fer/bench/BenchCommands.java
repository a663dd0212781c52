package io.fer.bench;

import io.fer.launcher.CommandModule;
import java.util.List;

/** Adds {@code fer bench} to the CLI (registered in META-INF/services). */
public final class BenchCommands implements CommandModule {
    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand());
    }
}
