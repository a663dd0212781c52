package io.fer.launcher;

import io.fer.ingest.IngestException;
import io.fer.models.store.ModelStoreException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `fer` command line. */
@Command(name = "fer", mixinStandardHelpOptions = true, version = "fer 0.1.0",
        description = "Streaming multi-modal dynamic facial emotion recognition: video in, emotion events out.",
        subcommands = {DemoCommand.class, ModelsCommand.class, TrainCommand.class, EvalCommand.class, IngestCommand.class,
                WorkerCommand.class, ClassifyCommand.class, TopicsCommand.class, EventsCommand.class, SummariesCommand.class, DashboardCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class Fer {
    public static void main(String[] args) {
        Console.adopt();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Fer());
        for (CommandModule module : ServiceLoader.load(CommandModule.class)) {
            module.commands().forEach(cl::addSubcommand); // fer bench, when the bench module is on the class path
        }
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            if (cause instanceof IngestException || cause instanceof ModelStoreException
                    || cause instanceof IllegalArgumentException || cause instanceof UserError) {
                cmd.getErr().println("fer " + cmd.getCommandName() + ": " + cause.getMessage());
                return 2;
            }
            // one line: the reason; the stack trace only on request
            cmd.getErr().println("fer " + cmd.getCommandName() + " failed: " + reason(cause)
                    + (System.getenv("FER_DEBUG") != null ? "" : " (FER_DEBUG=1 for the stack trace)"));
            if (System.getenv("FER_DEBUG") != null) {
                cause.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    /** The message of the exception and of its innermost cause, when they differ, on one line. */
    static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        String inner = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        String line = top.contains(inner) ? top : top + ": " + inner;
        return line.replaceAll("\\s*\\R\\s*", " ");
    }

    /** A mistake of the user's that the message alone explains. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
