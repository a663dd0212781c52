package io.fer.ingest.source;

import java.awt.image.BufferedImage;

/** One decoded frame, owned by the receiver (not reused by the source), with its event time. */
public record DecodedFrame(BufferedImage image, long timestampUs) {}
