package io.fer.ingest.pipeline;

import io.fer.ingest.IngestException;
import io.fer.ingest.PublishException;
import io.fer.ingest.source.DecodedFrame;
import io.fer.schemas.Frame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Encodes decoded frames to JPEG on worker threads and hands them downstream in decode order, with a bounded
 * number in flight. Files block the decoder when it is full (backpressure); live sources never block it: the
 * oldest frame in flight is dropped and counted.
 */
public final class EncoderPipeline implements AutoCloseable {
    private record Pending(long index, long timestampUs, int width, int height, int keepEvery, Future<byte[]> jpeg) {}

    private final ExecutorService encoders;
    private final ArrayBlockingQueue<Pending> inFlight;
    private final boolean dropOldest;
    private final float quality;
    private final IngestStats stats;
    private final Thread deliverer;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean finishing;

    public EncoderPipeline(int threads, int capacity, boolean dropOldest, float quality, IngestStats stats,
            Consumer<Frame> downstream) {
        this.encoders = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fer-jpeg");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new ArrayBlockingQueue<>(capacity);
        this.dropOldest = dropOldest;
        this.quality = quality;
        this.stats = stats;
        this.deliverer = new Thread(() -> deliver(downstream), "fer-publish");
        this.deliverer.setDaemon(true);
        this.deliverer.start();
    }

    public void submit(long frameIndex, DecodedFrame f) throws InterruptedException {
        submit(frameIndex, f, 1);
    }

    /** @param keepEvery the frame is one of every keepEvery the source gave (live overload shedding; 1: none shed) */
    public void submit(long frameIndex, DecodedFrame f, int keepEvery) throws InterruptedException {
        throwIfFailed();
        BufferedImage img = f.image();
        Pending p = new Pending(frameIndex, f.timestampUs(), img.getWidth(), img.getHeight(), keepEvery,
                encoders.submit(() -> JpegEncoder.encode(img, quality)));
        if (!dropOldest) {
            // not put(): if publishing fails while the queue is full, nothing would ever take from it again
            while (!inFlight.offer(p, 100, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
            return;
        }
        while (!inFlight.offer(p)) {
            Pending old = inFlight.poll();
            if (old != null && old.jpeg().cancel(false)) {
                stats.dropped.incrementAndGet();
            }
        }
    }

    private void deliver(Consumer<Frame> downstream) {
        try {
            while (true) {
                Pending p = inFlight.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    if (finishing && inFlight.isEmpty()) {
                        return;
                    }
                    continue;
                }
                byte[] jpeg;
                try {
                    jpeg = p.jpeg().get();
                } catch (CancellationException e) {
                    continue; // dropped while in flight
                }
                downstream.accept(Frame.newBuilder().setFrameIndex(p.index()).setTimestampUs(p.timestampUs())
                        .setWidth(p.width()).setHeight(p.height()).setJpeg(ByteBuffer.wrap(jpeg)).setKeepEvery(p.keepEvery()).build());
            }
        } catch (ExecutionException e) {
            failure.compareAndSet(null, e.getCause());
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /** Waits until every frame submitted so far has gone downstream. */
    public void finish() throws InterruptedException {
        finishing = true;
        deliverer.join();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Throwable t = failure.get();
        if (t instanceof IngestException ie) {
            throw ie;
        }
        if (t instanceof PublishException pe) {
            throw pe;
        }
        if (t != null) {
            throw new IngestException("publishing failed: " + t.getMessage(), t);
        }
    }

    @Override
    public void close() {
        finishing = true;
        encoders.shutdownNow();
        deliverer.interrupt();
    }
}
