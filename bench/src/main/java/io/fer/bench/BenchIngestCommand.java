package io.fer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.FrameSource;
import io.fer.ingest.source.SourceSpec;
import io.fer.schemas.FrameBatch;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.EmbeddedKafkaBroker;
import io.fer.schemas.kafka.TopicCreator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * fer bench ingest: frames/s of decoding alone (FFmpeg decode and scale to the ingest size, as images) against
 * decode + JPEG + batching + publish to the in-process broker, measured alternately in the same run.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Decode-only frames/s vs decode + encode + publish frames/s (embedded broker) on one file, and their ratio.")
public final class BenchIngestCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, paramLabel = "FILE", description = "a video file")
    String source;

    @Option(names = "--rounds", defaultValue = "3", description = "alternating rounds of each measurement; medians are reported")
    int rounds;

    @Option(names = "--max-side", defaultValue = "640", description = "ingest frame size (default: ${DEFAULT-VALUE})")
    int maxSide;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        IngestConfig cfg = IngestConfig.DEFAULT.withImage(maxSide, IngestConfig.DEFAULT.jpegQuality());
        SourceSpec spec = SourceSpec.of(source, "bench", false, false);
        StreamIngester.probe(spec, cfg);
        double[] decode = new double[rounds];
        double[] publish = new double[rounds];
        long frames = 0;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                KafkaFrameSink sink = new KafkaFrameSink(broker.bootstrapServers())) {
            TopicCreator.ensure(broker.bootstrapServers(), List.of(Topics.all(1, List.of()).get(0)));
            // steady state: the producer's connection and id are set up once per process, not per stream
            sink.publish(FrameBatch.newBuilder().setStreamId("warm-up").setBatchSeq(0).setSource("bench")
                    .setFrames(List.of()).setEndOfStream(true).build());
            sink.flush();
            for (int r = 0; r < rounds; r++) {
                long t = System.nanoTime();
                long n = 0;
                try (FrameSource s = spec.open(cfg)) {
                    while (s.next() != null) {
                        n++;
                    }
                }
                decode[r] = n / ((System.nanoTime() - t) / 1e9);
                frames = n;
                t = System.nanoTime();
                var report = new StreamIngester(cfg).run(new SourceSpec(source, "bench-" + r, spec.kind(), false), sink,
                        new AtomicBoolean(), new IngestStats());
                publish[r] = report.framesPublished() / ((System.nanoTime() - t) / 1e9);
            }
        }
        double d = median(decode);
        double p = median(publish);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("frames", frames);
        out.put("max_side", maxSide);
        out.put("rounds", rounds);
        out.put("decode_fps", round(d));
        out.put("publish_fps", round(p));
        out.put("ratio", Math.round(p / d * 1000) / 1000.0);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            out.forEach((k, v) -> System.out.printf("%-12s %s%n", k, v));
        }
        return 0;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
