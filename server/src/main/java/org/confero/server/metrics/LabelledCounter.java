package org.confero.server.metrics;

/** A counter family with one series per label set, e.g. SIP requests by method. */
public final class LabelledCounter {
    private final io.prometheus.metrics.core.metrics.Counter counter;

    LabelledCounter(io.prometheus.metrics.core.metrics.Counter counter) {
        this.counter = counter;
    }

    /** Adds one to the series with these label values (in the order the labels were named). */
    public void increment(String... labelValues) {
        counter.labelValues(labelValues).inc();
    }

    /** Current value of one series, 0 when it was never incremented. */
    public long get(String... labelValues) {
        return counter.labelValues(labelValues).getLongValue();
    }
}
