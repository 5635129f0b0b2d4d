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
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A long-running service a test starts (Redis, Kamailio, coturn): one {@link ChildProcess} living in a throw-away
 * directory, started only once it answers, stopped by its PID with the directory deleted.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 20;
    private static final int LOG_TAIL_CHARS = 3000;

    private final ChildProcess process;
    private final Path dir;

    private ServiceProcess(ChildProcess process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** A new, empty directory under the system temp directory for one service's files. */
    public static Path throwAwayDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} in {@code dir}, logging to {@code dir/logName}, and waits up to {@code startTimeout}
     * until {@code ready} holds. A service that dies or is not ready in time is stopped, its directory deleted,
     * and the failure reported with the end of its log.
     */
    public static ServiceProcess start(String name, List<String> command, Path dir, String logName,
            Duration startTimeout, BooleanSupplier ready) {
        ServiceProcess service = new ServiceProcess(ChildProcess.start(name, command, dir, dir.resolve(logName)), dir);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!service.process.isAlive() || System.nanoTime() > deadline) {
                String log = service.process.logTail(LOG_TAIL_CHARS);
                service.close();
                throw new IllegalStateException(name + " did not start: " + log);
            }
            sleep(POLL_MILLIS);
        }
        return service;
    }

    /** True once something listens on this UDP port of 127.0.0.1 (probed by binding, which sends nothing). */
    public static boolean udpPortTaken(int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
