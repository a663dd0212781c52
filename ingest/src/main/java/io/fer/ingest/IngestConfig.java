package io.fer.ingest;

/**
 * How sources are turned into frame batches.
 *
 * @param targetFps        frames per second kept after sampling; 0 keeps every decoded frame
 * @param maxSide          frames larger than this on their longer side are scaled down
 * @param jpegQuality      0..1
 * @param maxFrames        frames per batch at most
 * @param maxBytes         encoded frame bytes per batch at most (below the topic's max.message.bytes)
 * @param realtime         files: publish at their own frame rate instead of as fast as downstream takes them
 * @param encoderThreads   JPEG encoders working in parallel
 * @param inFlight         frames decoded but not yet published, at most (bounds memory)
 * @param timeoutUs        open and read timeout of network sources
 * @param connectAttempts  a live source that never connected fails after this many attempts
 * @param backoffInitialMs first reconnect delay of a live source (doubling, with jitter)
 * @param backoffMaxMs     longest reconnect delay
 * @param folderFps        nominal frame rate of image-sequence folders (their event time)
 */
public record IngestConfig(double targetFps, int maxSide, float jpegQuality, int maxFrames, int maxBytes, boolean realtime,
        int encoderThreads, int inFlight, long timeoutUs, int connectAttempts, long backoffInitialMs, long backoffMaxMs,
        double folderFps) {

    public static final IngestConfig DEFAULT = new IngestConfig(0, 640, 0.85f, 8, 4 * 1024 * 1024, false, 2, 32,
            10_000_000, 3, 500, 30_000, 25);

    public IngestConfig {
        require(targetFps >= 0, "fps must be >= 0, got " + targetFps);
        require(maxSide >= 16, "max side must be >= 16, got " + maxSide);
        require(jpegQuality > 0 && jpegQuality <= 1, "JPEG quality must be in (0, 1], got " + jpegQuality);
        require(maxFrames >= 1, "frames per batch must be >= 1, got " + maxFrames);
        require(maxBytes >= 1024, "batch bytes must be >= 1024, got " + maxBytes);
        require(encoderThreads >= 1, "encoder threads must be >= 1, got " + encoderThreads);
        require(inFlight >= 1, "frames in flight must be >= 1, got " + inFlight);
        require(timeoutUs > 0, "timeout must be > 0");
        require(connectAttempts >= 1, "connect attempts must be >= 1");
        require(backoffInitialMs > 0 && backoffMaxMs >= backoffInitialMs, "need 0 < initial backoff <= max backoff");
        require(folderFps > 0, "folder fps must be > 0, got " + folderFps);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public IngestConfig withFps(double fps) {
        return new IngestConfig(fps, maxSide, jpegQuality, maxFrames, maxBytes, realtime, encoderThreads, inFlight, timeoutUs,
                connectAttempts, backoffInitialMs, backoffMaxMs, folderFps);
    }

    public IngestConfig withRealtime(boolean rt) {
        return new IngestConfig(targetFps, maxSide, jpegQuality, maxFrames, maxBytes, rt, encoderThreads, inFlight, timeoutUs,
                connectAttempts, backoffInitialMs, backoffMaxMs, folderFps);
    }

    public IngestConfig withImage(int side, float quality) {
        return new IngestConfig(targetFps, side, quality, maxFrames, maxBytes, realtime, encoderThreads, inFlight, timeoutUs,
                connectAttempts, backoffInitialMs, backoffMaxMs, folderFps);
    }

    public IngestConfig withBatch(int frames, int bytes) {
        return new IngestConfig(targetFps, maxSide, jpegQuality, frames, bytes, realtime, encoderThreads, inFlight, timeoutUs,
                connectAttempts, backoffInitialMs, backoffMaxMs, folderFps);
    }

    public IngestConfig withReconnect(long timeout, int attempts, long initialMs, long maxMs) {
        return new IngestConfig(targetFps, maxSide, jpegQuality, maxFrames, maxBytes, realtime, encoderThreads, inFlight, timeout,
                attempts, initialMs, maxMs, folderFps);
    }

    public IngestConfig withFolderFps(double fps) {
        return new IngestConfig(targetFps, maxSide, jpegQuality, maxFrames, maxBytes, realtime, encoderThreads, inFlight, timeoutUs,
                connectAttempts, backoffInitialMs, backoffMaxMs, fps);
    }
}
