package io.fer.launcher;

import io.fer.ingest.pipeline.IngestStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each ingested stream's counts as meters tagged with its id: frames published, shed to hold --max-lag, dropped, the
 * current one-in-k of a shedding stream and its reconnects. An operator's alert on shedding reads these.
 */
final class IngestMeters {
    private IngestMeters() {}

    static void bind(MeterRegistry registry, Map<String, IngestStats> streams) {
        streams.forEach((stream, stats) -> {
            counter(registry, "fer.ingest.frames.published", "frames published to fer.frames", stream, stats.published);
            counter(registry, "fer.ingest.frames.shed", "live frames left out to hold --max-lag", stream, stats.shed);
            counter(registry, "fer.ingest.frames.dropped", "frames that could not be read or published", stream, stats.dropped);
            counter(registry, "fer.ingest.reconnects", "times a live source was opened again", stream, stats.reconnects);
            Gauge.builder("fer.ingest.keep.every", stats.keepEvery, k -> k.get())
                    .description("a live stream keeps one frame in this many (1: every frame)").tag("stream", stream).register(registry);
        });
    }

    private static void counter(MeterRegistry registry, String name, String description, String stream, AtomicLong count) {
        FunctionCounter.builder(name, count, AtomicLong::get).description(description).tag("stream", stream).register(registry);
    }
}
