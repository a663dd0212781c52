package io.fer.workers.stage;

/** A record a stage cannot use; it goes to the dead-letter topic with this message as the reason. */
public class BadRecordException extends Exception {
    public BadRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
