package org.confero.mixer.video;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations in 1 ms buckets up to one second (longer ones in the last bucket), recorded without allocation by
 * one thread and read by any: enough for medians and 95th percentiles of real-time paths.
 */
public final class LatencyHistogram {
    private static final int BUCKETS = 1001;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Counts one duration. */
    public void record(long nanos) {
        int millis = (int) Math.min(BUCKETS - 1, Math.max(0, nanos / 1_000_000));
        counts.incrementAndGet(millis);
    }

    /** Counts and percentiles so far; millisecond resolution, 1000 meaning "a second or more". */
    public Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
            total += c[i];
        }
        return new Snapshot(total, percentile(c, total, 0.5), percentile(c, total, 0.95), percentile(c, total, 1.0));
    }

    private static int percentile(long[] c, long total, double p) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < c.length; i++) {
            seen += c[i];
            if (seen >= rank) {
                return i;
            }
        }
        return c.length - 1;
    }

    /** @param medianMillis the bucket of the median: true value in [median, median + 1) ms */
    public record Snapshot(long count, int medianMillis, int p95Millis, int maxMillis) {}
}
