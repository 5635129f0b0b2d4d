package org.confero.server.load;

/**
 * The part of a run whose figures count: from a settle time after the last join until hang-up starts. Set by
 * the run's driver, read by the receiving thread; before it opens, nothing is inside it.
 */
final class MeasureWindow {
    private volatile long startNanos = Long.MAX_VALUE;
    private volatile long endNanos = Long.MAX_VALUE;

    void open(long nanos) {
        startNanos = nanos;
    }

    void close(long nanos) {
        endNanos = nanos;
    }

    boolean contains(long nanos) {
        return nanos >= startNanos && nanos < endNanos;
    }

    long startNanos() {
        return startNanos;
    }

    long endNanos() {
        return endNanos;
    }
}
