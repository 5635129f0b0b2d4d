package org.confero.server.guard;

import java.time.Clock;
import java.util.Set;
import org.confero.server.config.GuardConfig;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-source rate limits and the temporary ban table. A source over its rate is refused (a strike); enough strikes
 * within the flood window, too many wrong PINs or failed logins ban it for {@code guard.ban-time}. Both tables are
 * bounded; bans live in their own table so that a flood of new addresses cannot push a ban out of the rate table.
 */
public final class SourceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);

    /** What a request is, for its rate. */
    public enum Kind { INVITE, REGISTER, OTHER, WS_JOIN }

    /** The decision for one request. */
    public enum Verdict { PASS, LIMITED, BANNED }

    private final GuardConfig config;
    private final Clock clock;
    private final Set<String> exempt;
    private final BoundedTable<String, Rates> rates;
    private final BoundedTable<String, Long> bans;
    private final Metrics.Counter limited;
    private final Metrics.Counter bannedDrops;
    private final Metrics.Counter bansIssued;
    private final SampledLog limitedLog = new SampledLog(LOG, 10_000);
    private final SampledLog bannedLog = new SampledLog(LOG, 10_000);
    /** Each ban takes many strikes, but spoofed addresses are free: even ban lines are sampled (1 s). */
    private final SampledLog banLog = new SampledLog(LOG, 1_000);

    private final class Rates {
        final TokenBucket invite;
        final TokenBucket register;
        final TokenBucket other;
        final TokenBucket join;
        long windowStart;
        int strikes;

        Rates(long now) {
            invite = new TokenBucket(config.sipInviteRate(), 2.0 * config.sipInviteRate(), now);
            register = new TokenBucket(config.sipRegisterRate(), 2.0 * config.sipRegisterRate(), now);
            other = new TokenBucket(config.sipRequestRate(), 2.0 * config.sipRequestRate(), now);
            join = new TokenBucket(config.wsJoinRate(), 2.0 * config.wsJoinRate(), now);
            windowStart = now;
        }

        TokenBucket bucket(Kind kind) {
            return switch (kind) {
                case INVITE -> invite;
                case REGISTER -> register;
                case OTHER -> other;
                case WS_JOIN -> join;
            };
        }
    }

    public SourceGuard(GuardConfig config, Metrics metrics, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.exempt = Set.copyOf(config.exemptSources());
        this.rates = new BoundedTable<>(config.maxSources());
        this.bans = new BoundedTable<>(config.maxSources());
        this.limited = metrics.counter("confero_guard_rate_limited_total",
                "requests and joins refused because their source was over its rate");
        this.bannedDrops = metrics.counter("confero_guard_banned_dropped_total",
                "SIP requests dropped and joins refused because their source is banned");
        this.bansIssued = metrics.counter("confero_guard_bans_total", "sources banned (flood, PIN or login guessing)");
        metrics.gauge("confero_guard_banned_sources", "sources banned now (expired ones included until reused)",
                this::banCount);
        metrics.gauge("confero_guard_tracked_sources", "sources whose request rate is tracked", this::trackedCount);
    }

    /** Counts one request of {@code kind} from {@code source} and decides whether it may be handled. */
    public Verdict check(String source, Kind kind) {
        if (exempt.contains(source)) {
            return Verdict.PASS;
        }
        long now = clock.millis();
        boolean banNow;
        synchronized (this) {
            if (bannedAt(source, now)) {
                bannedDrops.increment();
                bannedLog.warn(now, "refusing requests from banned source {}", source);
                return Verdict.BANNED;
            }
            Rates r = rates.computeIfAbsent(source, s -> new Rates(now));
            if (r.bucket(kind).tryTake(now)) {
                return Verdict.PASS;
            }
            if (now - r.windowStart > config.floodWindowSeconds() * 1000L) {
                r.windowStart = now;
                r.strikes = 0;
            }
            banNow = ++r.strikes >= config.floodStrikes();
        }
        limited.increment();
        limitedLog.warn(now, "rate-limiting {} from {}", kind, source);
        if (banNow) {
            ban(source, "request flood");
            return Verdict.BANNED;
        }
        return Verdict.LIMITED;
    }

    public boolean isBanned(String source) {
        if (exempt.contains(source)) {
            return false;
        }
        long now = clock.millis();
        synchronized (this) {
            return bannedAt(source, now);
        }
    }

    /** Bans a source for {@code guard.ban-time}; counted, and logged sampled. */
    public void ban(String source, String reason) {
        ban(source, reason, config.banSeconds() * 1000L);
    }

    /** Bans a source for {@code millis} (a login lock-out bans for the lock-out time). */
    public void ban(String source, String reason, long millis) {
        if (exempt.contains(source)) {
            return;
        }
        long now = clock.millis();
        synchronized (this) {
            if (bannedAt(source, now)) {
                return;
            }
            bans.remove(source);
            bans.computeIfAbsent(source, s -> now + millis);
            rates.remove(source);
        }
        bansIssued.increment();
        banLog.warn(now, "banning {} for {} s: {}", source, millis / 1000, reason);
    }

    private boolean bannedAt(String source, long now) {
        Long until = bans.get(source);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            bans.remove(source);
            return false;
        }
        return true;
    }

    private synchronized int banCount() {
        return bans.size();
    }

    private synchronized int trackedCount() {
        return rates.size();
    }
}
