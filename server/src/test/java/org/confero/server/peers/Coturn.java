package org.confero.server.peers;

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

    private final ServiceProcess process;
    private final int port;

    private Coturn(ServiceProcess process, int port) {
        this.process = process;
        this.port = port;
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
        Path dir = ServiceProcess.throwAwayDir("confero-coturn-");
        // -n: no /etc/turnserver.conf (it would log to syslog); loopback peers are refused unless allowed, which
        // needs --no-cli; the user database lives in the temp directory, not /var/lib/turn.
        List<String> command = List.of("timeout", "600", "turnserver", "-n", "--no-cli", "--no-tls", "--no-dtls",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=" + relayMin, "--max-port=" + (relayMin + relayPorts - 1), "--use-auth-secret",
                "--static-auth-secret=" + sharedSecret, "--realm=confero.test", "--fingerprint",
                "--allow-loopback-peers", "--log-file=stdout", "--simple-log", "--pidfile=" + dir.resolve("turn.pid"),
                "--userdb=" + dir.resolve("turndb"), "-v");
        return new Coturn(ServiceProcess.start("coturn", command, dir, "turnserver.log", START_TIMEOUT,
                () -> ServiceProcess.udpPortTaken(port)), port);
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
    }
}
