package org.confero.server.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.confero.server.config.HttpConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.signalling.BrowserCalls;
import org.confero.server.signalling.SignallingEndpoint;
import org.confero.server.signalling.SignallingLimits;

/** The real HTTP server on ephemeral loopback ports, with rooms {@code demo} and {@code secret} (PIN). */
public final class TestServer implements AutoCloseable {
    public final Metrics metrics = new Metrics();
    public final HttpServer server;
    private final SignallingEndpoint signalling;

    public TestServer(Path dataDir, BrowserCalls calls, SignallingLimits limits) throws Exception {
        this(dataDir, calls, limits, Listeners.ephemeral());
    }

    public TestServer(Path dataDir, BrowserCalls calls, SignallingLimits limits, Listeners listeners)
            throws Exception {
        signalling = new SignallingEndpoint(calls, metrics, limits, List.of("stun:127.0.0.1:3478"));
        HttpConfig config = new HttpConfig(8080, 8443, Optional.empty(), "");
        server = new HttpServer(config, listeners, "127.0.0.1", dataDir, metrics,
                TestServer::findRoom, signalling);
        server.start();
    }

    static Optional<RoomInfo> findRoom(String id) {
        return switch (id) {
            case "demo" -> Optional.of(new RoomInfo("demo", "Demo room", false, 2, "sip:demo@127.0.0.1"));
            case "secret" -> Optional.of(new RoomInfo("secret", "Board meeting", true, 0, "sip:secret@127.0.0.1"));
            case "explode" -> throw new IllegalStateException("storage is down");
            default -> Optional.empty();
        };
    }

    public int httpPort() {
        return server.httpPort();
    }

    public String base() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            signalling.close();
        }
    }
}
