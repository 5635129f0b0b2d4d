package org.confero.server.metrics;

/** A distribution of observed values in fixed buckets; observing takes no lock and allocates nothing. */
public final class Histogram {
    private final io.prometheus.metrics.core.metrics.Histogram histogram;

    Histogram(io.prometheus.metrics.core.metrics.Histogram histogram) {
        this.histogram = histogram;
    }

    /** Records one value of an unlabelled histogram. */
    public void observe(double value) {
        histogram.observe(value);
    }

    /** Records one value in the series with these label values (in the order the labels were named). */
    public void observe(double value, String... labelValues) {
        histogram.labelValues(labelValues).observe(value);
    }

    /** Values observed so far in the unlabelled series. */
    public long count() {
        return histogram.getCount();
    }
}
