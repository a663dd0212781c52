package io.fer.ingest;

import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several streams from one process, one thread each, sharing one sink. A stream that fails or stays down is
 * reported while the others keep running.
 */
public final class MultiIngester {
    private static final Logger LOG = LoggerFactory.getLogger(MultiIngester.class);

    public record Outcome(SourceSpec spec, IngestReport report, String error) {}

    private final IngestConfig config;
    private final Map<String, IngestStats> stats = new LinkedHashMap<>();
    private final Function<SourceSpec, LoadShedder> overload;

    public MultiIngester(IngestConfig config, List<SourceSpec> specs) {
        this(config, specs, spec -> null);
    }

    /** @param overload a stream's overload policy (null for none); asked once per stream as it starts */
    public MultiIngester(IngestConfig config, List<SourceSpec> specs, Function<SourceSpec, LoadShedder> overload) {
        this.config = config;
        this.overload = overload;
        specs.forEach(s -> stats.put(s.streamId(), new IngestStats()));
    }

    public Map<String, IngestStats> stats() {
        return stats;
    }

    public List<Outcome> run(List<SourceSpec> specs, FrameSink sink, AtomicBoolean stop) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(specs.size(), r -> new Thread(r, "fer-ingest"));
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (SourceSpec spec : specs) {
                futures.add(pool.submit(() -> {
                    try {
                        return new Outcome(spec, new StreamIngester(config).run(spec, sink, stop, stats.get(spec.streamId()),
                                overload.apply(spec)), null);
                    } catch (IngestException | PublishException e) {
                        LOG.error("stream {}: {}", spec.streamId(), e.getMessage());
                        return new Outcome(spec, null, spec.streamId() + ": " + e.getMessage());
                    }
                }));
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IngestException("ingest failed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
