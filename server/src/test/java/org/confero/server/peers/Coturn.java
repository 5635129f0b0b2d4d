package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real coturn TURN server on loopback with time-limited credentials ({@code use-auth-secret}), started in a
 * throw-away directory and stopped by its PID: no daemon, no system configuration file, logs to a file.
 */
public final class Coturn implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final ChildProcess process;
    private final int port;
    private final Path dir;

    private Coturn(ChildProcess process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/turnserver"));
    }

    /** Starts coturn listening on a free 127.0.0.1 port and relaying from {@code relayPorts} ports of 127.0.0.1. */
    public static Coturn start(String sharedSecret, int relayPorts) {
        if (!installed()) {
            throw new IllegalStateException("coturn must be installed (scripts/test.sh installs it)");
        }
        int port = FreePorts.udpAndTcp();
        int relayMin = FreePorts.rtpRangeStart(relayPorts);
        Path dir;
        try {
            dir = Files.createTempDirectory("confero-coturn-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // -n: no /etc/turnserver.conf (it would log to syslog); loopback peers are refused unless allowed, which
        // needs --no-cli; the user database lives in the temp directory, not /var/lib/turn.
        List<String> command = List.of("timeout", "600", "turnserver", "-n", "--no-cli", "--no-tls", "--no-dtls",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=" + relayMin, "--max-port=" + (relayMin + relayPorts - 1), "--use-auth-secret",
                "--static-auth-secret=" + sharedSecret, "--realm=confero.test", "--fingerprint",
                "--allow-loopback-peers", "--log-file=stdout", "--simple-log", "--pidfile=" + dir.resolve("turn.pid"),
                "--userdb=" + dir.resolve("turndb"), "-v");
        ChildProcess child = ChildProcess.start("coturn", command, dir, dir.resolve("turnserver.log"));
        Coturn coturn = new Coturn(child, port, dir);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!coturn.listening()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                String log = child.logTail(2000);
                child.close();
                throw new IllegalStateException("coturn did not start: " + log);
            }
            sleep(50);
        }
        return coturn;
    }

    /** The UDP port is taken once coturn listens on it (probed by binding, which sends nothing). */
    private boolean listening() {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The URL browsers are given, e.g. {@code turn:127.0.0.1:34781}. */
    public String url() {
        return "turn:127.0.0.1:" + port;
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
