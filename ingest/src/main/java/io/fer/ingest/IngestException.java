package io.fer.ingest;

/** The source could not be read; the message is one line that names it and says why. */
public class IngestException extends RuntimeException {
    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }

    public IngestException(String message) {
        super(message);
    }
}
