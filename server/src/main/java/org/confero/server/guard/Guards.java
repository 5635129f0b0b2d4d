package org.confero.server.guard;

import java.time.Clock;
import org.confero.server.config.GuardConfig;
import org.confero.server.metrics.Metrics;

/** The server's guards, shared by SIP and the WebSocket so that a source banned on one is banned on both. */
public record Guards(GuardConfig config, SourceGuard sources, PinGuard pins) {
    public static Guards create(GuardConfig config, Metrics metrics, Clock clock) {
        SourceGuard sources = new SourceGuard(config, metrics, clock);
        return new Guards(config, sources, new PinGuard(config, sources, metrics, clock));
    }
}
