package io.fer.ingest;

/** What an ingest run did. */
public record IngestReport(String streamId, long framesDecoded, long framesPublished, long batches, double sourceFps,
        long dropped, long reconnects, long longestGapMs, long shed) {}
