package io.fer.launcher;

import io.fer.launcher.report.FaceThumbnailReader;
import io.fer.launcher.report.FaceThumbnails;
import io.fer.launcher.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer report: one self-contained HTML page of a video's events. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML file from events (JSON Lines of fer events --json or fer demo --events-out):"
                + " per track the emotions over time, face crops (--faces), their time-weighted shares, the dominant and current"
                + " emotion, transitions.")
public final class ReportCommand implements Callable<Integer> {
    static final int THUMBNAILS_PER_TRACK = 10;
    static final long THUMBNAIL_INTERVAL_US = 500_000;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "JSON Lines of events")
    Path events;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML file to write")
    Path out;

    @Option(names = "--title", description = "page title (default: the events file's name)")
    String title;

    @Option(names = "--faces", description = "add face crops per track, read from fer.faces on the Kafka of --bootstrap")
    boolean faces;

    @Mixin KafkaOptions kafkaOptions;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(events)) {
            throw new Fer.UserError(events + ": no such file");
        }
        var list = ReportWriter.readJsonLines(events);
        FaceThumbnails crops = new FaceThumbnails(THUMBNAILS_PER_TRACK, THUMBNAIL_INTERVAL_US);
        if (faces) {
            FaceThumbnailReader.read(kafkaOptions.settings(), list.stream().map(e -> e.getStreamId()).collect(Collectors.toSet()), crops);
        }
        ReportWriter.write(list, crops, title != null ? title : events.getFileName().toString(), out);
        System.err.println("report: " + list.size() + " events -> " + out);
        return 0;
    }
}
