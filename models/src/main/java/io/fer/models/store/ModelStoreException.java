package io.fer.models.store;

/** The model cache is missing, corrupt or cannot be fetched; the message says what to do. */
public class ModelStoreException extends RuntimeException {
    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
