package org.confero.server.store;

/** The database failed or refused a statement; the HTTP layer answers 503, the CLI prints the message. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
