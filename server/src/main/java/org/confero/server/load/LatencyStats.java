package org.confero.server.load;

/** Durations in 1 ms buckets up to two seconds (longer ones land in the last bucket); percentiles read back. */
final class LatencyStats {
    private static final int BUCKETS = 2_001;
    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(long nanos) {
        int ms = (int) Math.min(BUCKETS - 1, Math.max(0, nanos / 1_000_000L));
        counts[ms]++;
        total++;
    }

    void addAll(LatencyStats other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The q-quantile in ms (upper edge of its bucket), or -1 without samples. */
    int percentileMillis(double q) {
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i + 1;
            }
        }
        return BUCKETS;
    }
}
