package org.confero.mixer.rtp;

/** 64-bit NTP timestamps as RTCP uses them (RFC 3550 §4): seconds since 1900 in the high 32 bits. */
public final class NtpTime {
    private NtpTime() {}

    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    /** The NTP timestamp of a wall-clock instant given in nanoseconds since the Unix epoch. */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        long fraction = (nanos << 32) / 1_000_000_000L;
        return ((seconds + UNIX_EPOCH_OFFSET_SECONDS) << 32) | fraction;
    }

    /** The middle 32 bits (16.16 fixed point seconds) used by LSR and RTT (RFC 3550 §6.4.1). */
    public static long compact(long ntpTimestamp) {
        return (ntpTimestamp >>> 16) & 0xffffffffL;
    }

    /** Nanoseconds in a 16.16 fixed-point duration. */
    public static long compactToNanos(long compact) {
        return (compact * 1_000_000_000L) >>> 16;
    }

    /** A duration in 16.16 fixed point seconds, saturated at 32 bits. */
    public static long nanosToCompact(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long v = (nanos << 16) / 1_000_000_000L;
        if (nanos > (Long.MAX_VALUE >>> 16)) {
            v = 0xffffffffL;
        }
        return Math.min(v, 0xffffffffL);
    }
}
