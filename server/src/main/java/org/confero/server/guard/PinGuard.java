package org.confero.server.guard;

import java.time.Clock;
import org.confero.server.config.GuardConfig;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits PIN guessing over SIP and the WebSocket alike. Per source: {@code guard.pin-failures} wrong PINs within
 * ten minutes ban the source. Per room: {@code guard.pin-room-rate} attempts per minute from everyone together;
 * beyond it attempts are refused unchecked (the room is under guessing: everyone's attempts slow down, a metric
 * rises and a sampled warning is logged). Once the guessers are banned their attempts no longer reach the room
 * budget, so the right PIN from elsewhere gets in again.
 */
public final class PinGuard {
    private static final Logger LOG = LoggerFactory.getLogger(PinGuard.class);
    private static final long FAILURE_WINDOW_MILLIS = 10 * 60_000L;
    /** Rooms are configured, so bounded already; this bound also covers ids that were never rooms. */
    private static final int MAX_ROOMS = 10_000;

    private final GuardConfig config;
    private final SourceGuard sources;
    private final Clock clock;
    private final BoundedTable<String, Failures> failures;
    private final BoundedTable<String, TokenBucket> rooms = new BoundedTable<>(MAX_ROOMS);
    private final Metrics.Counter wrong;
    private final Metrics.Counter throttled;
    private final SampledLog throttledLog = new SampledLog(LOG, 10_000);

    private static final class Failures {
        long windowStart;
        int count;
    }

    public PinGuard(GuardConfig config, SourceGuard sources, Metrics metrics, Clock clock) {
        this.config = config;
        this.sources = sources;
        this.clock = clock;
        this.failures = new BoundedTable<>(config.maxSources());
        this.wrong = metrics.counter("confero_pin_failures_total", "wrong PINs from phones and browsers");
        this.throttled = metrics.counter("confero_pin_room_throttled_total",
                "PIN attempts refused unchecked because their room is under guessing");
    }

    /** Takes one attempt from the room's budget; false when the room is under guessing (refuse, do not check). */
    public boolean attemptAllowed(String roomId) {
        long now = clock.millis();
        boolean ok;
        synchronized (this) {
            int perMinute = config.pinRoomRatePerMinute();
            ok = rooms.computeIfAbsent(roomId, r -> new TokenBucket(perMinute / 60.0, perMinute, now)).tryTake(now);
        }
        if (!ok) {
            throttled.increment();
            throttledLog.warn(now, "room {} is under PIN guessing: attempts slowed to {} per minute", roomId,
                    config.pinRoomRatePerMinute());
        }
        return ok;
    }

    /** Records a wrong PIN; true when it got the source banned. The PIN itself is never logged. */
    public boolean failed(String source, String roomId) {
        wrong.increment();
        long now = clock.millis();
        boolean ban;
        synchronized (this) {
            Failures f = failures.computeIfAbsent(source, s -> new Failures());
            if (now - f.windowStart > FAILURE_WINDOW_MILLIS) {
                f.windowStart = now;
                f.count = 0;
            }
            ban = ++f.count >= config.pinFailures();
            if (ban) {
                failures.remove(source);
            }
        }
        if (ban) {
            sources.ban(source, config.pinFailures() + " wrong PINs (last for room " + roomId + ")");
        }
        return ban;
    }

    public boolean isBanned(String source) {
        return sources.isBanned(source);
    }
}
