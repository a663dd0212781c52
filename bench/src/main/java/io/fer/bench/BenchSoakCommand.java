package io.fer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import io.fer.launcher.Generators;
import io.fer.launcher.ModelsOptions;
import io.fer.launcher.runtime.DefaultModel;
import io.fer.launcher.runtime.EmbeddedStack;
import io.fer.launcher.runtime.SampleClip;
import io.fer.models.store.ModelStore;
import io.fer.schemas.AvroSerde;
import io.fer.schemas.EmotionEvent;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.KafkaProps;
import io.fer.schemas.net.FreePorts;
import io.fer.workers.Workers;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * fer bench soak: a live UDP stream where people come and go (a looped clip: two people, nobody, three others,
 * nobody) through the face and expression workers and the classifier job, for minutes. Samples the window
 * assembly's state (openTracks, bufferedFrames, from Flink's REST API) and the JVM heap, and says whether they stay
 * flat: state must not grow with the number of tracks seen.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Live stream with people coming and going for --minutes; prints the classifier's open tracks, buffered frames and heap over time.")
public final class BenchSoakCommand implements Callable<Integer> {
    private static final int CLIP_FPS = 25;
    private static final int PHASE_FRAMES = 3 * CLIP_FPS;

    @Option(names = "--minutes", defaultValue = "20", description = "how long to run (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--fps", defaultValue = "8", description = "rate of the live stream (default: ${DEFAULT-VALUE})")
    int fps;

    @Option(names = "--sample-seconds", defaultValue = "30", description = "seconds between samples (default: ${DEFAULT-VALUE})")
    int sampleSeconds;

    @Option(names = "--json", description = "print one JSON object at the end")
    boolean json;

    @Mixin ModelsOptions models;

    /** openTracks and bufferedFrames: the maximum over the interval before the sample */
    record Sample(double minute, long openTracks, long bufferedFrames, long heapMb, long events, long endedTracks, long decoded) {}

    @Override
    public Integer call() throws Exception {
        ModelStore store = Generators.checked(models.store());
        Path model = DefaultModel.ensure(store, msg -> System.err.println("soak: " + msg));
        Path work = Files.createTempDirectory("fer-soak"); // the come-and-go clip
        Path clip = comeAndGo(store, work.resolve("come-and-go.mp4"));
        int[] ports = FreePorts.distinct(2);
        int restPort = ports[0];
        int udpPort = ports[1];
        List<Sample> samples = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.forModel(store, model).stages(List.of(Workers.FACES, "expression"))
                .restPort(restPort).checkpointInterval(Duration.ofSeconds(2)).start()) {
            String b = stack.bootstrap();
            String url = "udp://127.0.0.1:" + udpPort;
            Process sender = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip.toString(),
                    "-vf", "fps=" + fps, "-c:v", "mpeg2video", "-q:v", "3", "-f", "mpegts", url).redirectErrorStream(true)
                    .redirectOutput(new File("/dev/null")).start();
            AtomicBoolean stop = new AtomicBoolean();
            IngestStats stats = new IngestStats();
            Thread ingest = new Thread(() -> {
                try (KafkaFrameSink sink = new KafkaFrameSink(b)) {
                    new StreamIngester(IngestConfig.DEFAULT).run(SourceSpec.of(url, "soak", true, false), sink, stop, stats);
                }
            }, "fer-ingest");
            ingest.setDaemon(true);
            ingest.start();
            AtomicLong events = new AtomicLong();
            AtomicLong ended = new AtomicLong();
            Thread counter = new Thread(() -> count(b, stop, events, ended), "fer-events");
            counter.setDaemon(true);
            counter.start();

            long start = System.currentTimeMillis();
            long end = start + (long) (minutes * 60_000);
            boolean terminal = System.console() != null;
            try {
                long maxOpen = -1;
                long maxBuffered = -1;
                long nextSample = start + sampleSeconds * 1000L;
                while (System.currentTimeMillis() < end) {
                    // poll every second and report each interval's maximum: the loop's phases (people, nobody) are
                    // shorter than an interval, so a single reading could always land in an empty one
                    Thread.sleep(1000);
                    Map<String, Long> m = assemblyGauges(restPort);
                    maxOpen = Math.max(maxOpen, m.getOrDefault("openTracks", -1L));
                    maxBuffered = Math.max(maxBuffered, m.getOrDefault("bufferedFrames", -1L));
                    if (System.currentTimeMillis() < nextSample && System.currentTimeMillis() < end) {
                        continue;
                    }
                    nextSample += sampleSeconds * 1000L;
                    Runtime rt = Runtime.getRuntime();
                    Sample s = new Sample((System.currentTimeMillis() - start) / 60_000.0, maxOpen, maxBuffered,
                            (rt.totalMemory() - rt.freeMemory()) >> 20, events.get(), ended.get(), stats.decoded.get());
                    samples.add(s);
                    maxOpen = -1;
                    maxBuffered = -1;
                    System.err.print((terminal ? "\r" : "") + String.format("soak: %.1f/%.0f min  open tracks %d  buffered frames %d  heap %d MB  events %d  tracks ended %d",
                            s.minute(), minutes, s.openTracks(), s.bufferedFrames(), s.heapMb(), s.events(), s.endedTracks()) + (terminal ? "" : "\n"));
                }
            } finally {
                if (terminal) {
                    System.err.println();
                }
                stop.set(true);
                sender.destroy();
            }
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
        report(samples);
        return 0;
    }

    private void report(List<Sample> samples) throws Exception {
        List<Sample> first = samples.subList(0, samples.size() / 2);
        List<Sample> second = samples.subList(samples.size() / 2, samples.size());
        long maxOpenFirst = first.stream().mapToLong(Sample::openTracks).max().orElse(0);
        long maxOpenSecond = second.stream().mapToLong(Sample::openTracks).max().orElse(0);
        long maxBufFirst = first.stream().mapToLong(Sample::bufferedFrames).max().orElse(0);
        long maxBufSecond = second.stream().mapToLong(Sample::bufferedFrames).max().orElse(0);
        long tracks = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).endedTracks();
        // flat: the second half never holds more than the first (plus a window's worth of frames of slack)
        boolean flat = maxOpenSecond <= Math.max(maxOpenFirst, 4) && maxBufSecond <= maxBufFirst + 64;
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("minutes", minutes);
            out.put("tracks_ended", tracks);
            out.put("max_open_tracks", Map.of("first_half", maxOpenFirst, "second_half", maxOpenSecond));
            out.put("max_buffered_frames", Map.of("first_half", maxBufFirst, "second_half", maxBufSecond));
            out.put("flat", flat);
            out.put("samples", samples);
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.println("minute  open_tracks  buffered_frames  heap_mb  events  tracks_ended");
            for (Sample s : samples) {
                System.out.printf("%6.1f  %11d  %15d  %7d  %6d  %12d%n", s.minute(), s.openTracks(), s.bufferedFrames(), s.heapMb(),
                        s.events(), s.endedTracks());
            }
            System.out.printf("soak: %d tracks came and went; max open tracks %d -> %d, max buffered frames %d -> %d (first -> second half): %s%n",
                    tracks, maxOpenFirst, maxOpenSecond, maxBufFirst, maxBufSecond, flat ? "flat" : "GROWING");
        }
    }

    /** The assembly operator's gauges, summed over its subtasks, from Flink's REST API. */
    static Map<String, Long> assemblyGauges(int restPort) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            String base = "http://localhost:" + restPort;
            JsonNode jobs = json.readTree(get(http, base + "/jobs"));
            for (JsonNode j : jobs.path("jobs")) {
                if (!"RUNNING".equals(j.path("status").asText())) {
                    continue;
                }
                String jobId = j.path("id").asText();
                for (JsonNode v : json.readTree(get(http, base + "/jobs/" + jobId)).path("vertices")) {
                    if (!v.path("name").asText().contains("assemble windows")) {
                        continue;
                    }
                    String vertex = base + "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/metrics";
                    List<String> ids = new ArrayList<>();
                    for (JsonNode m : json.readTree(get(http, vertex))) {
                        String id = m.path("id").asText();
                        if (id.endsWith(".openTracks") || id.endsWith(".bufferedFrames")) {
                            ids.add(id);
                        }
                    }
                    if (ids.isEmpty()) {
                        continue;
                    }
                    for (JsonNode m : json.readTree(get(http, vertex + "?get=" + String.join(",", ids)))) {
                        String id = m.path("id").asText();
                        out.merge(id.substring(id.lastIndexOf('.') + 1), (long) Double.parseDouble(m.path("value").asText()), Long::sum);
                    }
                }
            }
        } catch (Exception e) {
            // not up yet: the sample shows -1
        }
        return out;
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void count(String bootstrap, AtomicBoolean stop, AtomicLong events, AtomicLong ended) {
        try (var c = new KafkaConsumer<String, byte[]>(KafkaProps.consumer(bootstrap, "fer-soak-" + System.nanoTime()))) {
            c.subscribe(List.of(Topics.EMOTIONS));
            AvroSerde<EmotionEvent> serde = AvroSerde.emotions();
            while (!stop.get()) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    EmotionEvent e = serde.decode(r.value());
                    if (e.getEndOfTrack()) {
                        ended.incrementAndGet();
                    } else {
                        events.incrementAndGet();
                    }
                }
            }
        } catch (Exception e) {
            // the broker is closing
        }
    }

    /** 12 s loop from the sample photos: two people, nobody, three other people, nobody (3 s each). */
    static Path comeAndGo(ModelStore store, Path out) throws Exception {
        BufferedImage two = ImageIO.read(store.file("sample6.jpg").toFile());
        BufferedImage three = ImageIO.read(store.file("sample3.jpg").toFile());
        SampleClip.record(out, 640, 480, CLIP_FPS, 4 * PHASE_FRAMES, i -> {
            int phase = i / PHASE_FRAMES;
            BufferedImage f = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
            var g = f.createGraphics();
            if (phase == 0) {
                g.drawImage(two, 0, 0, 640, 480, 1040, 150, 1840, 750, null);
            } else if (phase == 2) {
                g.drawImage(three, 0, 0, 640, 480, 0, 0, three.getWidth(), three.getWidth() * 3 / 4, null);
            } else {
                g.setColor(new Color(90, 100, 110)); // an empty room
                g.fillRect(0, 0, 640, 480);
            }
            g.dispose();
            return f;
        });
        return out;
    }
}
