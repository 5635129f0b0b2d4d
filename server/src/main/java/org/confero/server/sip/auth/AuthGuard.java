package org.confero.server.sip.auth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Brute-force limits on digest logins, kept separately per source address and per user name. A source that fails
 * {@code maxSourceFailures} times within the window is locked out, whatever users it tried and whatever logins it
 * also got right: a success clears only that user's own count, so interleaving guesses with another account's
 * logins does not reset anything. A user that fails {@code maxUserFailures} times from anywhere is locked too
 * (guessing spread over many addresses). Only failures over a nonce issued to the failing address reach this
 * class, so failures forged from a spoofed address count against nobody. Both tables are bounded (oldest
 * forgotten first).
 */
public final class AuthGuard {
    private static final int MAX_TRACKED = 10_000;

    private final int maxSourceFailures;
    private final int maxUserFailures;
    private final long windowMillis;
    private final long lockoutMillis;
    private final Clock clock;
    private final Map<String, Record> bySource = bounded();
    private final Map<String, Record> byUser = bounded();

    private static final class Record {
        long windowStart;
        int failures;
        long lockedUntil;
    }

    /** What a failure led to. */
    public enum Outcome { COUNTED, SOURCE_LOCKED, USER_LOCKED }

    public AuthGuard(int maxSourceFailures, int maxUserFailures, long windowMillis, long lockoutMillis, Clock clock) {
        this.maxSourceFailures = maxSourceFailures;
        this.maxUserFailures = maxUserFailures;
        this.windowMillis = windowMillis;
        this.lockoutMillis = lockoutMillis;
        this.clock = clock;
    }

    public AuthGuard(int maxFailures, long windowMillis, long lockoutMillis, Clock clock) {
        this(maxFailures, Math.max(maxFailures, 20), windowMillis, lockoutMillis, clock);
    }

    private static Map<String, Record> bounded() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    public long lockoutMillis() {
        return lockoutMillis;
    }

    public synchronized boolean isLockedOut(String source) {
        return locked(bySource.get(source));
    }

    public synchronized boolean isUserLockedOut(String username) {
        return username != null && locked(byUser.get(username));
    }

    private boolean locked(Record r) {
        return r != null && r.lockedUntil > clock.millis();
    }

    /** Records a failed login; says whether it locked the source or the user now. */
    public synchronized Outcome recordFailure(String source, String username) {
        long now = clock.millis();
        if (count(bySource, source, maxSourceFailures, now)) {
            return Outcome.SOURCE_LOCKED;
        }
        if (username != null && count(byUser, username, maxUserFailures, now)) {
            return Outcome.USER_LOCKED;
        }
        return Outcome.COUNTED;
    }

    /** Records a failed attempt from a source (no user known); true when it locked the source now. */
    public boolean recordFailure(String source) {
        return recordFailure(source, null) == Outcome.SOURCE_LOCKED;
    }

    private boolean count(Map<String, Record> table, String key, int max, long now) {
        Record r = table.computeIfAbsent(key, k -> new Record());
        if (now - r.windowStart > windowMillis) {
            r.windowStart = now;
            r.failures = 0;
        }
        r.failures++;
        if (r.failures >= max && r.lockedUntil <= now) {
            r.lockedUntil = now + lockoutMillis;
            r.failures = 0;
            return true;
        }
        return false;
    }

    /** A user logged in: that user's count starts again. The source's count is left alone (see the class). */
    public synchronized void recordSuccess(String source, String username) {
        byUser.remove(username);
    }
}
