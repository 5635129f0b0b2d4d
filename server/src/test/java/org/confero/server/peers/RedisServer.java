package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    private final ChildProcess process;
    private final int port;
    private final Path dir;

    private RedisServer(ChildProcess process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server"));
    }

    public static RedisServer start() {
        if (!installed()) {
            throw new IllegalStateException("redis-server must be installed (scripts/test.sh installs it)");
        }
        int port = FreePorts.tcp();
        Path dir;
        try {
            dir = Files.createTempDirectory("confero-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of("timeout", "900", "redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString());
        ChildProcess child = ChildProcess.start("redis", command, dir, dir.resolve("redis.log"));
        RedisServer redis = new RedisServer(child, port, dir);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!redis.answersPing()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                String log = child.logTail(2000);
                child.close();
                throw new IllegalStateException("redis-server did not start: " + log);
            }
            sleep(20);
        }
        return redis;
    }

    /** PING in the inline protocol; true on {@code +PONG}. */
    private boolean answersPing() {
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
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
