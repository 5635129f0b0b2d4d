package org.confero.server.config;

/**
 * How Confero runs as a service.
 *
 * @param jsonLogs console log lines as JSON objects rather than text
 * @param drainTimeoutSeconds how long a drain waits for rooms to empty before the server stops anyway
 */
public record OperationsConfig(boolean jsonLogs, int drainTimeoutSeconds) {
    public static final OperationsConfig DEFAULTS = new OperationsConfig(false, 600);

    public OperationsConfig {
        if (drainTimeoutSeconds < 0 || drainTimeoutSeconds > 86400) {
            throw new IllegalArgumentException("drain.timeout must be 0-86400 seconds");
        }
    }
}
