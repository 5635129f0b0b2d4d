package org.confero.server.load;

import java.util.List;

/**
 * The Confero that a capacity step measures, wherever it runs: its ports, and what it costs as the operator's
 * tools would see it (CPU time, resident memory, stop-the-world GC pauses).
 */
interface ServerUnderLoad extends AutoCloseable {
    int sipPort();

    int httpPort();

    /** CPU time the server has used so far (user + system), in ns. */
    long cpuNanos();

    /** The server's resident set size in bytes, or -1 where it cannot be read. */
    long rssBytes();

    /** Starts collecting GC pauses; {@link #gcPausesMillis()} returns those since the last mark. */
    void markGc();

    /** Stop-the-world pauses since {@link #markGc()}, in ms. */
    List<Double> gcPausesMillis();

    @Override
    void close();
}
