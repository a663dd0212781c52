package io.fer.bench;

import picocli.CommandLine.Command;

/** fer bench ...: benchmarks that print figures (never timed tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures (--json: one object).",
        subcommands = {BenchModelsCommand.class, BenchIngestCommand.class, BenchWorkersCommand.class, BenchSoakCommand.class,
                BenchPipelineCommand.class})
public final class BenchCommand {}
