package io.fer.ingest;

import io.fer.schemas.FrameBatch;

/** Where batches go: Kafka in production, a list in tests. */
public interface FrameSink extends AutoCloseable {
    void publish(FrameBatch batch);

    /** Blocks until everything published so far is acknowledged. */
    default void flush() {}

    @Override
    default void close() {}
}
