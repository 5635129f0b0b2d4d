package org.confero.server;

/** A part of the server could not start (a port taken, a native library missing); the message says which. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
