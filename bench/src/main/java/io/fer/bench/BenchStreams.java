package io.fer.bench;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.LoadShedder;
import io.fer.ingest.StreamIngester;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.SourceSpec;
import java.util.concurrent.atomic.AtomicBoolean;

/** The bench's streams: a clip read as fast as it goes or as a live camera, on threads of their own. */
final class BenchStreams {
    private BenchStreams() {}

    /** How many times a clip of clipFrames is read for at least this many frames. */
    static int readsOfClip(int frames, int clipFrames) {
        return Math.max(1, (int) Math.ceil(frames / (double) Math.max(1, clipFrames)));
    }

    static Thread started(Runnable r) {
        Thread t = new Thread(r, "fer-bench-ingest");
        t.start();
        return t;
    }

    /** The clip as a live camera: frames at its rate, looped, wall-clock capture times, shed under overload. */
    static void ingestLive(String bootstrap, String src, String id, IngestStats stats, AtomicBoolean stop, LoadShedder shedder) {
        try (KafkaFrameSink sink = new KafkaFrameSink(bootstrap)) {
            new StreamIngester(IngestConfig.DEFAULT.withRealtime(true)).run(SourceSpec.of(src, id, true, false), sink, stop, stats, shedder);
        }
    }

    static void ingest(String bootstrap, String src, String id, IngestConfig cfg, IngestStats stats) {
        try (KafkaFrameSink sink = new KafkaFrameSink(bootstrap)) {
            new StreamIngester(cfg).run(SourceSpec.of(src, id, false, false), sink, new AtomicBoolean(), stats == null ? new IngestStats() : stats);
        }
    }
}
