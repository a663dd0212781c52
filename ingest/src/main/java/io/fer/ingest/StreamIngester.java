package io.fer.ingest;

import io.fer.ingest.pipeline.Backoff;
import io.fer.ingest.pipeline.EncoderPipeline;
import io.fer.ingest.pipeline.IngestStats;
import io.fer.ingest.source.DecodedFrame;
import io.fer.ingest.source.FrameSource;
import io.fer.ingest.source.SourceKind;
import io.fer.ingest.source.SourceSpec;
import io.fer.schemas.FrameBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source to ordered, bounded frame batches: decode (FFmpeg or image folder) -> sample -> parallel JPEG
 * encoding -> batches -> sink. Files and folders are read to their end; live sources run until stopped, reconnecting
 * with backoff when they drop. What was read before a fault is published whole, then the end-of-stream batch
 * (carrying the error, if any) closes the stream.
 */
public final class StreamIngester {
    private static final Logger LOG = LoggerFactory.getLogger(StreamIngester.class);
    private static final String STREAM_ENDED = ": stream ended";

    private final IngestConfig config;

    public StreamIngester(IngestConfig config) {
        this.config = config;
    }

    /** Opens the source and decodes its first frame, so a bad source fails before anything else starts. */
    public static void probe(SourceSpec spec, IngestConfig config) {
        checkLocal(spec);
        try (FrameSource s = spec.open(config)) {
            if (spec.kind() != SourceKind.LIVE && s.next() == null) {
                throw new IngestException(spec.uri() + ": no video frames could be decoded");
            }
        }
    }

    /** Frames per batch of a paced source: each frame goes out as soon as it is encoded (2 held the first 40 ms). */
    static final int PACED_BATCH_FRAMES = 1;

    public IngestReport run(SourceSpec spec, FrameSink sink, AtomicBoolean stop, IngestStats stats) {
        return run(spec, sink, stop, stats, null);
    }

    /**
     * @param shedder the overload policy of a live source (null: every frame goes on); files and folders never shed,
     *                so their events stay exact
     */
    public IngestReport run(SourceSpec spec, FrameSink sink, AtomicBoolean stop, IngestStats stats, LoadShedder shedder) {
        checkLocal(spec);
        boolean live = spec.kind() == SourceKind.LIVE;
        // frames of a paced source (live, or a file read in real time) come one by one: a batch of 8 would hold
        // its first frame back 280 ms at 25 fps before anything downstream could start on it, a batch of 2 40 ms
        int batchFrames = live || config.realtime() ? Math.min(config.maxFrames(), PACED_BATCH_FRAMES) : config.maxFrames();
        // a shedding stream's frames that reach the face stage later than the bound are dropped there: the queue that
        // built before the shedder could react is already in Kafka
        long staleAfterMs = live && shedder != null ? shedder.maxLag().toMillis() : 0;
        FrameBatcher batcher = new FrameBatcher(spec.streamId(), spec.uri(), spec.preAligned(), batchFrames, config.maxBytes(),
                staleAfterMs);
        FrameSource first = openFirst(spec); // fails fast: nothing published for a source that never opened
        double fps = first.frameRate();
        String error = null;
        EncoderPipeline pipeline = new EncoderPipeline(config.encoderThreads(), config.inFlight(), live,
                config.jpegQuality(), stats, frame -> batcher.add(frame).ifPresent(b -> publish(sink, b, stats)));
        try {
            if (live) {
                readLive(spec, first, pipeline, stop, stats, shedder);
            } else {
                error = readToEnd(spec.uri(), first, pipeline, stop, stats);
            }
            pipeline.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = spec.uri() + ": interrupted";
        } finally {
            pipeline.close();
        }
        publish(sink, batcher.finish(error), stats);
        sink.flush();
        if (error != null) {
            throw new IngestException(error + "; the " + stats.published.get() + " frames before it were published");
        }
        return new IngestReport(spec.streamId(), stats.decoded.get(), stats.published.get(), stats.batches.get(), fps,
                stats.dropped.get(), stats.reconnects.get(), stats.longestGapMs.get(), stats.shed.get());
    }

    private static void publish(FrameSink sink, FrameBatch b, IngestStats stats) {
        sink.publish(b);
        stats.published.addAndGet(b.getFrames().size());
        stats.batches.incrementAndGet();
    }

    private FrameSource openFirst(SourceSpec spec) {
        if (spec.kind() != SourceKind.LIVE) {
            return spec.open(config);
        }
        Backoff backoff = new Backoff(config.backoffInitialMs(), config.backoffMaxMs(), spec.streamId().hashCode());
        for (int attempt = 1; ; attempt++) {
            try {
                return spec.open(config);
            } catch (IngestException e) {
                if (attempt >= config.connectAttempts()) {
                    throw new IngestException(e.getMessage() + " after " + attempt + " attempts", e);
                }
                sleep(backoff.nextDelayMs());
            }
        }
    }

    /** Files and folders: every frame, in order; returns the error that ended the read early, if any. */
    private String readToEnd(String uri, FrameSource source, EncoderPipeline pipeline, AtomicBoolean stop, IngestStats stats)
            throws InterruptedException {
        long declared = source.lengthInFrames();
        FrameSampler sampler = new FrameSampler(config.targetFps());
        long index = 0;
        long startNs = System.nanoTime();
        long firstTs = Long.MIN_VALUE;
        try (source) {
            while (!stop.get()) {
                DecodedFrame f;
                try {
                    f = source.next();
                } catch (IngestException e) {
                    return e.getMessage() + " after " + stats.decoded.get() + " frames";
                }
                if (f == null) {
                    break;
                }
                stats.decoded.incrementAndGet();
                if (!sampler.keep(f.timestampUs())) {
                    stats.sampledOut.incrementAndGet();
                    continue;
                }
                if (config.realtime()) {
                    firstTs = firstTs == Long.MIN_VALUE ? f.timestampUs() : firstTs;
                    long dueNs = startNs + (f.timestampUs() - firstTs) * 1000;
                    long waitNs = dueNs - System.nanoTime();
                    if (waitNs > 0) {
                        Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
                    }
                }
                stats.frameRead(index);
                pipeline.submit(index++, f);
            }
        }
        if (stats.decoded.get() == 0) {
            return uri + ": no video frames could be decoded";
        }
        // FFmpeg reads a cut-off file to its cut without an error; the container's own length tells
        if (!stop.get() && declared > 0 && stats.decoded.get() < declared * 0.9) {
            return uri + ": ends early: decoded " + stats.decoded.get() + " of the " + declared + " frames it declares (truncated?)";
        }
        return null;
    }

    /** Live: read until stopped; when the source drops, reconnect with backoff and report the gap. */
    private void readLive(SourceSpec spec, FrameSource first, EncoderPipeline pipeline, AtomicBoolean stop, IngestStats stats,
            LoadShedder shedder) throws InterruptedException {
        FrameSampler sampler = new FrameSampler(config.targetFps());
        Backoff backoff = new Backoff(config.backoffInitialMs(), config.backoffMaxMs(), spec.streamId().hashCode());
        long index = 0;
        FrameSource source = first;
        // a file given as live with --realtime replays as a camera would: frames at its rate, wall-clock capture times
        long periodNs = config.realtime() && first.frameRate() > 0 ? Math.round(1e9 / first.frameRate()) : 0;
        long dueNs = System.nanoTime();
        // a file given as live replays from its start when it ends: expected, so said at INFO, not warned as a drop
        boolean replaysFile = !spec.uri().contains("://") && Files.isRegularFile(Path.of(spec.uri()));
        boolean replaying = false;
        while (!stop.get()) {
            if (source == null) {
                try {
                    source = spec.open(config);
                    long down = System.currentTimeMillis() - stats.downSinceMs.getAndSet(0);
                    stats.gaps.incrementAndGet();
                    stats.longestGapMs.accumulateAndGet(down, Math::max);
                    backoff.reset();
                    if (replaying) {
                        LOG.info("stream {}: {} replays from its start", spec.streamId(), spec.uri());
                    } else {
                        LOG.warn("stream {} is back after {} ms ({} reconnect attempts so far)", spec.streamId(), down,
                                stats.reconnects.get());
                    }
                    replaying = false;
                } catch (IngestException e) {
                    stats.reconnects.incrementAndGet();
                    long delay = backoff.nextDelayMs();
                    LOG.warn("stream {} still down for {} ms: {}; retrying in {} ms", spec.streamId(),
                            System.currentTimeMillis() - stats.downSinceMs.get(), e.getMessage(), delay);
                    sleepUnlessStopped(delay, stop);
                    continue;
                }
            }
            try {
                if (periodNs > 0) {
                    dueNs += periodNs;
                    long waitNs = dueNs - System.nanoTime();
                    if (waitNs > 0) {
                        Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
                    }
                }
                DecodedFrame f = source.next();
                if (f == null) {
                    throw new IngestException(spec.uri() + STREAM_ENDED);
                }
                stats.decoded.incrementAndGet();
                if (!sampler.keep(f.timestampUs())) {
                    stats.sampledOut.incrementAndGet();
                } else if (shedder != null && !shedder.keep(f.timestampUs())) {
                    stats.shed.incrementAndGet();
                } else {
                    int keepEvery = shedder == null ? 1 : shedder.keepEvery();
                    stats.keepEvery.set(keepEvery);
                    stats.frameRead(index);
                    pipeline.submit(index++, f, keepEvery);
                }
            } catch (IngestException e) {
                source.close();
                source = null;
                stats.downSinceMs.set(System.currentTimeMillis());
                replaying = replaysFile && e.getMessage().endsWith(STREAM_ENDED);
                if (!replaying) {
                    LOG.warn("stream {} dropped: {}; reconnecting", spec.streamId(), e.getMessage());
                }
            }
        }
        if (source != null) {
            source.close();
        }
    }

    private static void sleepUnlessStopped(long ms, AtomicBoolean stop) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!stop.get() && System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(50, Math.max(1, end - System.currentTimeMillis())));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("interrupted while connecting");
        }
    }

    private static void checkLocal(SourceSpec spec) {
        String uri = spec.uri();
        if (uri.contains("://") && !uri.startsWith("file://")) {
            return;
        }
        Path p = Path.of(uri.startsWith("file://") ? uri.substring(7) : uri);
        if (!Files.exists(p)) {
            throw new IngestException(uri + ": no such file");
        }
        if (uri.startsWith("/dev/")) {
            return;
        }
        if (Files.isDirectory(p)) {
            return;
        }
        if (!Files.isReadable(p)) {
            throw new IngestException(uri + ": not a readable file");
        }
        try {
            if (Files.size(p) == 0) {
                throw new IngestException(uri + ": file is empty");
            }
        } catch (IOException e) {
            throw new IngestException(uri + ": " + e.getMessage(), e);
        }
    }
}
