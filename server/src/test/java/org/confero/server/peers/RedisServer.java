package org.confero.server.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real redis-server on a free 127.0.0.1 port, in a throw-away directory, persisting nothing, stopped by its PID.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final ServiceProcess process;
    private final int port;

    private RedisServer(ServiceProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server"));
    }

    public static RedisServer start() {
        if (!installed()) {
            throw new IllegalStateException("redis-server must be installed (scripts/test.sh installs it)");
        }
        int port = FreePorts.tcp();
        Path dir = ServiceProcess.throwAwayDir("confero-redis-");
        List<String> command = List.of("timeout", "900", "redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString());
        return new RedisServer(ServiceProcess.start("redis-server", command, dir, "redis.log", START_TIMEOUT,
                () -> answersPing(port)), port);
    }

    /** PING in the inline protocol; true on {@code +PONG}. */
    private static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int n = socket.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
