package org.confero.server.guard;

import java.time.Clock;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows and locks password guessing at {@code POST /api/login}. Every attempt from a source takes a token from its
 * bucket (a burst of {@value #SOURCE_BURST}, then one per {@value #SOURCE_REFILL_SECONDS} s); {@value #ACCOUNT_FAILURES}
 * failures for one account name, or {@value #SOURCE_FAILURES} from one source, within {@value #LOCK_MINUTES} minutes
 * lock that name or source for {@value #LOCK_MINUTES} minutes. Names that do not exist are locked alike, so a lock
 * tells nothing about which accounts exist. Both tables are bounded.
 */
public final class LoginGuard {
    static final int SOURCE_BURST = 10;
    static final int SOURCE_REFILL_SECONDS = 6;
    static final int ACCOUNT_FAILURES = 5;
    static final int SOURCE_FAILURES = 20;
    static final int LOCK_MINUTES = 15;
    private static final long WINDOW_MILLIS = LOCK_MINUTES * 60_000L;
    private static final int MAX_TRACKED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    /** The decision for one attempt; {@code retryAfterSeconds} is 0 when it may go ahead. */
    public record Verdict(boolean allowed, String reason, long retryAfterSeconds) {
        static final Verdict PASS = new Verdict(true, "", 0);
    }

    private static final class Failures {
        long windowStart;
        int count;
        long lockedUntil;
    }

    private final Clock clock;
    private final BoundedTable<String, TokenBucket> sourceRates = new BoundedTable<>(MAX_TRACKED);
    private final BoundedTable<String, Failures> sources = new BoundedTable<>(MAX_TRACKED);
    private final BoundedTable<String, Failures> accounts = new BoundedTable<>(MAX_TRACKED);
    private final Metrics.Counter slowed;
    private final Metrics.Counter locked;
    private final Metrics.Counter failed;
    private final SampledLog lockLog = new SampledLog(LOG, 10_000);

    public LoginGuard(Metrics metrics, Clock clock) {
        this.clock = clock;
        this.slowed = metrics.counter("confero_login_rate_limited_total", "logins refused: source over its rate");
        this.locked = metrics.counter("confero_login_locked_total", "logins refused: account or source locked");
        this.failed = metrics.counter("confero_login_failures_total", "logins with a wrong name or password");
    }

    /** Decides whether this attempt may check a password at all; an allowed attempt uses up one token. */
    public synchronized Verdict attempt(String source, String account) {
        long now = clock.millis();
        long sourceLock = lockedFor(sources.get(source), now);
        long accountLock = lockedFor(accounts.get(account), now);
        if (sourceLock > 0 || accountLock > 0) {
            locked.increment();
            return new Verdict(false, sourceLock > 0 ? "too many failed logins from this address"
                    : "too many failed logins for this account", seconds(Math.max(sourceLock, accountLock)));
        }
        TokenBucket bucket = sourceRates.computeIfAbsent(source,
                s -> new TokenBucket(1.0 / SOURCE_REFILL_SECONDS, SOURCE_BURST, now));
        if (!bucket.tryTake(now)) {
            slowed.increment();
            return new Verdict(false, "too many logins from this address, slow down", SOURCE_REFILL_SECONDS);
        }
        return Verdict.PASS;
    }

    /** A wrong name or password: counts against both the source and the account name. */
    public synchronized void failed(String source, String account) {
        long now = clock.millis();
        failed.increment();
        if (count(sources, source, now, SOURCE_FAILURES)) {
            lockLog.warn(now, "login: source {} locked for {} min after {} failures", source, LOCK_MINUTES,
                    SOURCE_FAILURES);
        }
        if (count(accounts, account, now, ACCOUNT_FAILURES)) {
            lockLog.warn(now, "login: account {} locked for {} min after {} failures", account, LOCK_MINUTES,
                    ACCOUNT_FAILURES);
        }
    }

    /** A correct password: the account's failures are forgotten (the source's stay, it may be guessing others). */
    public synchronized void succeeded(String account) {
        accounts.remove(account);
    }

    private static boolean count(BoundedTable<String, Failures> table, String key, long now, int limit) {
        Failures f = table.computeIfAbsent(key, k -> new Failures());
        if (now - f.windowStart > WINDOW_MILLIS) {
            f.windowStart = now;
            f.count = 0;
        }
        f.count++;
        if (f.count >= limit && f.lockedUntil <= now) {
            f.lockedUntil = now + WINDOW_MILLIS;
            f.count = 0;
            f.windowStart = now;
            return true;
        }
        return false;
    }

    private static long lockedFor(Failures f, long now) {
        return f == null || f.lockedUntil <= now ? 0 : f.lockedUntil - now;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
