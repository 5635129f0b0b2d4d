package org.confero.server.guard;

import java.time.Clock;

/**
 * A token bucket per source address for one kind of request that has no place in {@link SourceGuard}'s kinds
 * (chat lines, subscriptions): bounded in the number of sources it remembers, thread-safe.
 */
public final class SourceRateLimit {
    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private final BoundedTable<String, TokenBucket> buckets;

    public SourceRateLimit(double perSecond, double burst, int maxSources, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.buckets = new BoundedTable<>(maxSources);
    }

    /** True when {@code source} may go on now (and spends one token). */
    public synchronized boolean tryTake(String source) {
        long now = clock.millis();
        return buckets.computeIfAbsent(source, s -> new TokenBucket(perSecond, burst, now)).tryTake(now);
    }
}
