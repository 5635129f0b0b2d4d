package org.confero.server.signalling;

/** Token bucket: {@code ratePerSecond} sustained, bursts up to the same number. Not thread-safe (one socket). */
final class RateLimiter {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last;

    RateLimiter(int ratePerSecond, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = ratePerSecond;
        this.tokens = ratePerSecond;
        this.last = nowNanos;
    }

    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
