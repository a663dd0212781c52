package io.fer.ingest.source;

import io.fer.ingest.IngestException;

/** A stream of decoded frames from one source. Not thread-safe: one reader. */
public interface FrameSource extends AutoCloseable {
    /** Opens the source; an IngestException says in one line why it cannot be read. */
    void open();

    /** The next frame, or null at the end. Throws IngestException if reading fails midway. */
    DecodedFrame next();

    /** Frames per second the source declares, 0 if unknown. */
    double frameRate();

    /** Frames the source declares it has, 0 if unknown or live. */
    long lengthInFrames();

    @Override
    void close();
}
