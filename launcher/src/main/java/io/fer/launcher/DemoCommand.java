package io.fer.launcher;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.IngestReport;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.report.FaceThumbnailReader;
import io.fer.launcher.report.FaceThumbnails;
import io.fer.launcher.report.ReportWriter;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.EventCollector;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.kafka.KafkaSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer demo: the whole pipeline in one JVM on one source, printing emotion events as JSON lines. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run ingest, face and expression workers and the Flink classifier in one JVM with an in-process"
                + " Kafka broker; print each emotion event as one JSON line. Exits when a file source has been read"
                + " and its last windows are emitted."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--source", paramLabel = "PATH_OR_URL",
            description = "video file or stream URL (default: a sample clip made from a real photo)")
    String source;

    @Option(names = "--events-out", paramLabel = "FILE", description = "write the events to FILE as JSON Lines instead of stdout")
    Path eventsOut;

    @Option(names = "--report", paramLabel = "FILE", description = "also write a self-contained HTML report of the events (see fer report)")
    Path report;

    private final List<EmotionEvent> collected = Collections.synchronizedList(new ArrayList<>());

    @Option(names = "--model", paramLabel = "DIR", description = "temporal model directory (default: the distilled default model)")
    Path model;

    @Option(names = "--stream-id", defaultValue = "demo", description = "stream id of the source (default: ${DEFAULT-VALUE})")
    String streamId;

    @Option(names = "--fps", defaultValue = "0", description = "sample the source to this rate; 0 keeps every frame")
    double fps;

    @Option(names = "--aligned-faces", description = "the source's frames already are aligned face crops")
    boolean alignedFaces;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "give up waiting for the last events after this (ISO-8601)")
    Duration timeout;

    @Mixin ModelsOptions models;

    @Option(names = "--verbose", description = "also show the stages' own log lines (partition assignments, ...)")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!verbose) {
            // the demo is one command: its stages' INFO lines (assignments) are noise here, warnings still show
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fer")).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        long startNs = System.nanoTime();
        try (PhaseLine progress = new PhaseLine("demo", 4, System.err, Console.terminal())) {
            progress.phase("models");
            ModelStore store = Generators.checked(models.store());
            String src = source != null ? source : SampleClip.ensure(store).toString();
            SourceSpec spec = SourceSpec.of(src, streamId, false, alignedFaces);
            IngestConfig cfg = IngestConfig.DEFAULT.withFps(fps);
            StreamIngester.probe(spec, cfg); // a missing or corrupt source fails here, in seconds
            Path modelDir = model != null ? model : DefaultModel.ensure(store, progress::detail);

            progress.phase("starting Kafka, workers and the Flink classifier");
            PrintStream out = eventsOut == null ? System.out : null;
            BufferedWriter file = eventsOut == null ? null : Files.newBufferedWriter(eventsOut, StandardCharsets.UTF_8);
            try (EmbeddedStack stack = EmbeddedStack.forModel(store, modelDir).start()) {
                EventCollector collector = new EventCollector(stack.bootstrap(), streamId, e -> {
                    collected.add(e);
                    write(e, out, file);
                });
                Thread collectorThread = new Thread(collector, "fer-events");
                collectorThread.start();
                IngestStats stats = new IngestStats();
                IngestReport ingested;
                progress.phase("streaming " + src, () -> stats.published.get() + " frames, " + collector.events() + " events");
                try (KafkaFrameSink sink = new KafkaFrameSink(stack.bootstrap())) {
                    ingested = new StreamIngester(cfg).run(spec, sink, new AtomicBoolean(), stats);
                }
                progress.phase("classifying the last windows", () -> collector.events() + " events");
                boolean done = awaitOrFail(collector, stack);
                collector.close();
                collectorThread.join(5_000);
                if (!done) {
                    throw new Fer.UserError("the last events did not arrive within " + timeout);
                }
                String written = "";
                if (report != null) {
                    progress.detail(collector.events() + " events, writing the report");
                    FaceThumbnails crops = FaceThumbnailReader.read(KafkaSettings.of(stack.bootstrap()),
                            Set.of(streamId), new FaceThumbnails(ReportCommand.THUMBNAILS_PER_TRACK, ReportCommand.THUMBNAIL_INTERVAL_US));
                    ReportWriter.write(new ArrayList<>(collected), crops, src, report);
                    written = ", report " + report;
                }
                progress.result(String.format(Locale.ROOT, "%d frames, %s in %.0f s%s%s", ingested.framesPublished(),
                        outcome(collected), (System.nanoTime() - startNs) / 1e9, eventsOut != null ? ", events " + eventsOut : "", written));
                return 0;
            } finally {
                if (file != null) {
                    file.close();
                }
            }
        }
    }

    /** "4 tracks, 88 events: happy 66 %, neutral 22 %, ..." (labels by share of windows). */
    static String outcome(List<EmotionEvent> events) {
        Map<String, Long> labels = new TreeMap<>();
        Set<String> tracks = new HashSet<>();
        synchronized (events) {
            for (EmotionEvent e : events) {
                labels.merge(e.getLabel(), 1L, Long::sum);
                tracks.add(e.getStreamId() + "/" + e.getTrackId());
            }
        }
        StringBuilder sb = new StringBuilder().append(tracks.size()).append(tracks.size() == 1 ? " track, " : " tracks, ")
                .append(events.size()).append(" events");
        String sep = ": ";
        for (var l : labels.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
            sb.append(sep).append(l.getKey()).append(' ').append(Math.round(100.0 * l.getValue() / events.size())).append(" %");
            sep = ", ";
        }
        return sb.toString();
    }

    private boolean awaitOrFail(EventCollector collector, EmbeddedStack stack) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (collector.awaitComplete(Duration.ofMillis(500))) {
                return true;
            }
            Throwable f = stack.stageFailure();
            if (f != null) {
                throw new IllegalStateException("a worker stage stopped: " + f, f);
            }
        }
        return false;
    }

    private static synchronized void write(EmotionEvent e, PrintStream out, BufferedWriter file) {
        String line = EventJson.toJson(e);
        if (file != null) {
            try {
                file.write(line);
                file.newLine();
                file.flush();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        } else {
            out.println(line);
            out.flush();
        }
    }
}
