package io.fer.launcher;

import io.fer.ingest.StreamLagProbe;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.MultiIngester;
import io.fer.ingest.SourcesFile;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.source.FolderSource;
import io.fer.ingest.source.SourceKind;
import io.fer.ingest.source.SourceSpec;
import io.fer.schemas.Topics;
import io.fer.schemas.http.HttpAccess;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.TopicCreator;
import io.fer.workers.stage.MetricsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer ingest: sources to fer.frames on a real Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Decode video files, network streams (rtsp, rtmp, http(s), udp, tcp, srt), cameras (/dev/videoN) or"
                + " folders of frames and publish ordered, bounded frame batches to fer.frames.",
                "Files are read as fast as Kafka takes them (or --realtime); live sources run until stopped (Ctrl-C or"
                        + " --duration), never block on Kafka (the oldest frames are dropped and counted) and reconnect"
                        + " with backoff. Exit status 2 with a one-line reason if a source cannot be read."})
public final class IngestCommand implements Callable<Integer> {
    static final class Sources {
        @Option(names = "--source", paramLabel = "URI", description = "a file, stream URL, /dev/videoN or folder of frames")
        String source;

        @Option(names = "--sources", paramLabel = "FILE", description = "several streams: lines of 'streamId URI'")
        Path sourcesFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sources sources;

    @Option(names = "--stream-id", paramLabel = "ID", description = "the stream's id (with --source; default: the file name)")
    String streamId;

    @Mixin KafkaOptions kafkaOptions;

    @Mixin TopicOptions topicOptions;

    @Option(names = "--fps", defaultValue = "0", description = "sample to this rate; 0 keeps every frame")
    double fps;

    @Option(names = "--realtime", description = "files: publish at their own frame rate (with --live: replay the file as a"
            + " camera, wall-clock capture times, shed under overload)")
    boolean realtime;

    @Option(names = "--live", description = "treat an http(s) URL as a live stream (reconnect) rather than a file")
    boolean live;

    @Option(names = "--aligned-faces", description = "frames already are aligned face crops (the face stage passes them through)")
    boolean alignedFaces;

    @Option(names = "--max-side", defaultValue = "640", description = "scale frames down to this longer side (default: ${DEFAULT-VALUE})")
    int maxSide;

    @Option(names = "--jpeg-quality", defaultValue = "0.85", description = "0..1 (default: ${DEFAULT-VALUE})")
    float jpegQuality;

    @Option(names = "--folder-fps", defaultValue = "25", description = "event-time rate of folders of frames (default: ${DEFAULT-VALUE})")
    double folderFps;

    @Option(names = "--duration", paramLabel = "ISO-8601", description = "stop live sources after this long, e.g. PT30S")
    Duration duration;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "-1",
            description = "serve each stream's counts (published, shed, dropped, 1 in k kept) at /metrics for Prometheus on this"
                    + " port; 0 picks a free one; -1 (default) serves none")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = HttpAccess.LOOPBACK, paramLabel = "ADDRESS",
            description = "address the metrics endpoint binds: this machine only by default (default: ${DEFAULT-VALUE})")
    String metricsHost;

    @Mixin HttpAccessOptions metricsAccess;

    @Option(names = "--max-lag", paramLabel = "ISO-8601", defaultValue = "PT1S",
            description = "live sources: hold the frame-to-event latency near this by keeping only every k-th frame while the"
                    + " machine falls behind (k follows the lag of the stream's own events on fer.emotions; frames carry"
                    + " k). PT0S: never shed. Files never shed (default: ${DEFAULT-VALUE})")
    Duration maxLag;

    @Override
    public Integer call() throws Exception {
        IngestConfig cfg = IngestConfig.DEFAULT.withFps(fps).withRealtime(realtime).withImage(maxSide, jpegQuality)
                .withFolderFps(folderFps);
        List<SourceSpec> specs = sources.sourcesFile != null
                ? SourcesFile.read(sources.sourcesFile, live, alignedFaces)
                : expand(SourceSpec.of(sources.source, streamId != null ? streamId : defaultId(sources.source), live, alignedFaces));
        if (specs.size() == 1) {
            StreamIngester.probe(specs.get(0), cfg); // a bad single source fails here, before Kafka is touched
        }
        topicOptions.validate();
        KafkaSettings kafka = kafkaOptions.settings();
        TopicCreator.ensure(kafka, List.of(Topics.all(kafka.topics(), topicOptions.partitions, topicOptions.replication,
                List.of(), topicOptions.retention()).get(0))).warnings().forEach(w -> System.err.println("ingest: " + w));
        AtomicBoolean stop = new AtomicBoolean();
        // SIGTERM / Ctrl-C: stop reading, publish what is in flight and the end-of-stream batch, then exit
        Termination term = Termination.install(() -> stop.set(true));
        if (duration != null) {
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(duration.toMillis());
                    stop.set(true);
                } catch (InterruptedException ignored) {
                    // ended before
                }
            });
            timer.setDaemon(true);
            timer.start();
        }
        if (maxLag.isNegative()) {
            throw new Fer.UserError("--max-lag must be PT0S (off) or positive, got " + maxLag);
        }
        boolean shedding = !maxLag.isZero() && specs.stream().anyMatch(s -> s.kind() == SourceKind.LIVE);
        Map<String, Long> totals = new HashMap<>();
        List<MultiIngester.Outcome> outcomes;
        KafkaFrameSink sink = new KafkaFrameSink(kafka);
        StreamLagProbe probe = shedding ? new StreamLagProbe(kafka).start() : null;
        MultiIngester ingester = new MultiIngester(cfg, specs,
                spec -> probe == null || spec.kind() != SourceKind.LIVE ? null : probe.shedderFor(spec.streamId(), maxLag));
        MetricsServer metrics = null;
        if (metricsPort >= 0) {
            HttpAccess access = metricsAccess.access(metricsHost);
            metrics = new MetricsServer(access, metricsPort);
            IngestMeters.bind(metrics.registry(), ingester.stats());
            System.err.println("ingest: metrics on " + access.scheme() + "://" + metrics.host() + ":" + metrics.port() + "/metrics");
        }
        try (sink; ProgressReporter progress = new ProgressReporter(ingester.stats(), totals, System.err)) {
            outcomes = ingester.run(specs, sink, stop);
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            if (probe != null) {
                probe.close();
            }
        }
        // closed: every send has its outcome, so the count of frames Kafka did not take is exact
        String lost = sink.failed() ? "; " + sink.undeliveredFrames() + " of the " + sink.sentFrames() + " frames sent were not delivered" : "";
        int failed = 0;
        for (MultiIngester.Outcome o : outcomes) {
            if (o.error() != null) {
                System.err.println("fer ingest: " + o.error() + (o.error().contains("Kafka did not take") ? lost : ""));
                failed++;
            } else {
                var r = o.report();
                System.err.printf("fer ingest: %s: %d frames decoded, %d published in %d batches, %d dropped, %d shed, %d reconnects%n",
                        r.streamId(), r.framesDecoded(), r.framesPublished(), r.batches(), r.dropped(), r.shed(), r.reconnects());
            }
        }
        if (term.requested()) {
            System.err.println("fer ingest: stopped by " + term.signal() + " (end-of-stream sent)");
        }
        return failed == 0 ? 0 : 2;
    }

    /** A folder of clip folders (a data set such as <label>/<clip>/<frames>) becomes one stream per clip. */
    static List<SourceSpec> expand(SourceSpec spec) throws IOException {
        if (spec.kind() != SourceKind.FOLDER) {
            return List.of(spec);
        }
        Path root = Path.of(spec.uri());
        if (!FolderSource.frames(root).isEmpty()) {
            return List.of(spec);
        }
        List<Path> clips = FolderSource.clips(root);
        if (clips.isEmpty()) {
            throw new Fer.UserError(root + ": no image frames in the folder or its sub-folders");
        }
        return clips.stream().map(c -> new SourceSpec(c.toString(), spec.streamId() + "/" + root.relativize(c).toString()
                .replace('\\', '/'), spec.kind(), spec.preAligned())).toList();
    }

    static String defaultId(String uri) {
        String s = uri.replaceAll("[/\\\\]+$", "");
        String name = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
