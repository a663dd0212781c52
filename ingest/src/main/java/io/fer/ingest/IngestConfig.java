package io.fer.ingest;

/**
 * How a source is turned into frame batches.
 *
 * @param targetFps   frames per second kept after sampling; 0 keeps every decoded frame
 * @param maxSide     frames larger than this on their longer side are scaled down
 * @param jpegQuality 0..1
 * @param maxFrames   frames per batch at most
 * @param maxBytes    encoded frame bytes per batch at most (below the topic's max.message.bytes)
 */
public record IngestConfig(double targetFps, int maxSide, float jpegQuality, int maxFrames, int maxBytes) {
    public static final IngestConfig DEFAULT = new IngestConfig(0, 640, 0.85f, 8, 4 * 1024 * 1024);

    public IngestConfig {
        if (targetFps < 0) throw new IllegalArgumentException("fps must be >= 0, got " + targetFps);
        if (maxSide < 16) throw new IllegalArgumentException("max side must be >= 16, got " + maxSide);
        if (jpegQuality <= 0 || jpegQuality > 1) throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + jpegQuality);
        if (maxFrames < 1) throw new IllegalArgumentException("frames per batch must be >= 1, got " + maxFrames);
        if (maxBytes < 1024) throw new IllegalArgumentException("batch bytes must be >= 1024, got " + maxBytes);
    }

    public IngestConfig withFps(double fps) {
        return new IngestConfig(fps, maxSide, jpegQuality, maxFrames, maxBytes);
    }
}
