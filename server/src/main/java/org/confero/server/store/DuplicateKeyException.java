package org.confero.server.store;

/** An insert hit a unique key: a host name or room slug that is taken. */
public final class DuplicateKeyException extends StorageException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
