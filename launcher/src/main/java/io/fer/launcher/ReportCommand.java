package io.fer.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** fer report: one self-contained HTML page of a video's events. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML file from events (JSON Lines of fer events --json or fer demo --events-out):"
                + " per track the emotions over time, their time-weighted shares, the dominant and current emotion, transitions.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--events", required = true, paramLabel = "FILE", description = "JSON Lines of events")
    Path events;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML file to write")
    Path out;

    @Option(names = "--title", description = "page title (default: the events file's name)")
    String title;

    @Override
    public Integer call() throws Exception {
        if (!java.nio.file.Files.isRegularFile(events)) {
            throw new Fer.UserError(events + ": no such file");
        }
        var list = ReportWriter.readJsonLines(events);
        ReportWriter.write(list, title != null ? title : events.getFileName().toString(), out);
        System.err.println("report: " + list.size() + " events -> " + out);
        return 0;
    }
}
