package io.fer.ingest;

/**
 * Kafka did not take the frames (broker gone past the delivery timeout, authorisation, a record too large). Not an
 * {@link IngestException}: the source is fine, so a live source must not reconnect over it; the stream ends with it.
 */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
