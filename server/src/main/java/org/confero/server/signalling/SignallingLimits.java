package org.confero.server.signalling;

import java.time.Duration;
import java.util.Objects;

/**
 * Guard rails of one signalling socket.
 *
 * @param maxMessageBytes larger text messages get {@code too-large} and the socket is closed
 * @param maxMessagesPerSecond sustained rate; a burst of the same size is allowed
 * @param joinTimeout a socket that has not joined a room by then is closed
 * @param idleTimeout a socket silent this long is closed (clients send {@code ping} more often)
 * @param maxJoinAttempts failed joins (wrong PIN etc.) after which the socket is closed
 */
public record SignallingLimits(int maxMessageBytes, int maxMessagesPerSecond, Duration joinTimeout,
        Duration idleTimeout, int maxJoinAttempts) {
    public static final SignallingLimits DEFAULTS =
            new SignallingLimits(64 * 1024, 20, Duration.ofSeconds(15), Duration.ofSeconds(60), 5);

    public SignallingLimits {
        Objects.requireNonNull(joinTimeout, "joinTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxMessageBytes < 1024 || maxMessagesPerSecond < 1 || maxJoinAttempts < 1) {
            throw new IllegalArgumentException("signalling limits out of range: " + this);
        }
        if (joinTimeout.isNegative() || joinTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("signalling timeouts must be positive");
        }
    }
}
