package org.confero.server.config;

/** A configuration value that cannot be used; the message names the setting and where the value came from. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
