package io.fer.launcher;

import io.fer.launcher.runtime.DefaultModel;
import io.fer.models.store.ModelStore;
import io.fer.models.store.NpmFetcher;
import io.fer.models.store.PinnedFile;
import io.fer.models.store.PinnedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** fer models fetch|list|verify */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Fetch, list and verify the pretrained models.",
        subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class, ModelsCommand.Verify.class,
                ModelsCommand.BuildDefault.class, ModelsRunCommand.class})
public final class ModelsCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch the pinned npm packages with the npm client, check them, and cache their models.")
    static final class Fetch implements Callable<Integer> {
        @Mixin ModelsOptions models;

        @Override
        public Integer call() throws Exception {
            ModelStore store = models.store();
            new NpmFetcher(msg -> System.err.println("models: " + msg)).fetchMissing(store);
            List<String> problems = store.problems();
            if (!problems.isEmpty()) {
                throw new Fer.UserError("cache " + store.dir() + " still has problems: " + problems);
            }
            return 0;
        }
    }

    @Command(name = "default", mixinStandardHelpOptions = true,
            description = "Print the default temporal model's directory, unpacking the shipped model there on first use (images do this at"
                    + " build time).")
    static final class BuildDefault implements Callable<Integer> {
        @Mixin ModelsOptions models;

        @Override
        public Integer call() throws Exception {
            Path dir = DefaultModel.ensure(models.store(), msg -> System.err.println("models: " + msg));
            System.out.println(dir);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pinned packages and their files.")
    static final class ListModels implements Callable<Integer> {
        @Mixin ModelsOptions models;

        @Override
        public Integer call() {
            ModelStore store = models.store();
            System.out.println("cache: " + store.dir());
            for (PinnedPackage p : store.packages()) {
                System.out.println(p.spec());
                for (PinnedFile f : p.files()) {
                    boolean present = Files.isRegularFile(store.dir().resolve(f.name()));
                    System.out.printf("  %-26s %s%n", f.name(), present ? "cached" : "missing");
                }
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check every cached file against its pinned SHA-256.")
    static final class Verify implements Callable<Integer> {
        @Mixin ModelsOptions models;

        @Override
        public Integer call() {
            ModelStore store = models.store();
            List<String> problems = store.problems();
            if (problems.isEmpty()) {
                System.out.println("all model files in " + store.dir() + " match their checksums");
                return 0;
            }
            problems.forEach(p -> System.err.println("models: " + p));
            System.err.println("models: " + ModelStore.FETCH_HINT);
            return 1;
        }
    }
}
