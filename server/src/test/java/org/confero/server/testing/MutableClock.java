package org.confero.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock a test moves by hand: either standing at a fixed instant ({@link #at}) or following real time
 * ({@link #followingRealTime}, for code that also waits on real timers); {@link #advance} moves it either way.
 */
public final class MutableClock extends Clock {
    private final Instant fixedStart;
    private volatile Duration offset = Duration.ZERO;

    private MutableClock(Instant fixedStart) {
        this.fixedStart = fixedStart;
    }

    /** A clock standing at {@code start} until the test advances it. */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /** Real time plus what the test has advanced (session timers, nonce expiry, RTP timeout). */
    public static MutableClock followingRealTime() {
        return new MutableClock(null);
    }

    /** Moves the clock by {@code d}, backwards when negative. */
    public synchronized void advance(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public Instant instant() {
        Instant base = fixedStart != null ? fixedStart : Instant.ofEpochMilli(System.currentTimeMillis());
        return base.plus(offset);
    }
}
