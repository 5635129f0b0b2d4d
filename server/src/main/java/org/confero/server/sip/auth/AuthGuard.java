package org.confero.server.sip.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A basic brute-force guard: a source address that fails authentication {@code maxFailures} times within the
 * window is refused (403) for the lock-out time. Success clears its record.
 */
public final class AuthGuard {
    private final int maxFailures;
    private final long windowMillis;
    private final long lockoutMillis;
    private final Clock clock;
    private final Map<String, Record> bySource = new ConcurrentHashMap<>();

    private static final class Record {
        long windowStart;
        int failures;
        long lockedUntil;
    }

    public AuthGuard(int maxFailures, long windowMillis, long lockoutMillis, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.lockoutMillis = lockoutMillis;
        this.clock = clock;
    }

    public boolean isLockedOut(String source) {
        Record r = bySource.get(source);
        if (r == null) {
            return false;
        }
        synchronized (r) {
            return r.lockedUntil > clock.millis();
        }
    }

    /** Records a failed attempt; returns true when this failure started a lock-out. */
    public boolean recordFailure(String source) {
        if (bySource.size() > 100_000) {
            long now = clock.millis();
            bySource.values().removeIf(r -> r.lockedUntil < now && now - r.windowStart > windowMillis);
        }
        Record r = bySource.computeIfAbsent(source, s -> new Record());
        synchronized (r) {
            long now = clock.millis();
            if (now - r.windowStart > windowMillis) {
                r.windowStart = now;
                r.failures = 0;
            }
            r.failures++;
            if (r.failures >= maxFailures && r.lockedUntil <= now) {
                r.lockedUntil = now + lockoutMillis;
                r.failures = 0;
                return true;
            }
            return false;
        }
    }

    public void recordSuccess(String source) {
        bySource.remove(source);
    }
}
