package org.confero.server.conference;

import org.confero.mixer.video.Tier;

/**
 * Picks the tier one receiver gets: never above what its SDP allows, lower while its measured bandwidth (REMB
 * from browsers) or loss (RTCP receiver reports from SIP phones) says the link cannot carry it, and back up only
 * after the link has looked good for a while, so a receiver does not flap between tiers.
 */
final class TierChooser {
    /** Bandwidth must stay below the tier's bitrate for this long before we step down. */
    static final long DOWN_AFTER_NANOS = 2_000_000_000L;
    /** Bandwidth or loss must stay good for this long before we step up. */
    static final long UP_AFTER_NANOS = 8_000_000_000L;
    private static final double DOWN_BANDWIDTH_RATIO = 0.8;
    private static final double UP_BANDWIDTH_RATIO = 1.3;
    /** RFC 3550 fraction lost is in 1/256: above ~10 % is heavy loss, below ~2 % is a clean link. */
    private static final int HEAVY_LOSS = 26;
    private static final int CLEAN_LOSS = 5;

    private final Tier ceiling;
    private Tier current;
    private long badSince = -1;
    private long goodSince = -1;

    TierChooser(Tier ceiling, Tier start) {
        this.ceiling = ceiling;
        this.current = start.ordinal() < ceiling.ordinal() ? ceiling : start;
    }

    Tier current() {
        return current;
    }

    Tier ceiling() {
        return ceiling;
    }

    /**
     * A REMB estimate for the receiver; returns the tier to use from now on. An estimate below the tier's nominal
     * rate means nothing by itself (a still picture costs far less than the nominal rate, and a receiver's
     * estimate follows what it gets): only an estimate below what we actually send is congestion.
     *
     * @param sendingBitsPerSecond what we sent this receiver over the last second
     */
    synchronized Tier onBandwidth(long bitsPerSecond, long sendingBitsPerSecond, long nowNanos) {
        boolean tooLow = bitsPerSecond < sendingBitsPerSecond * DOWN_BANDWIDTH_RATIO
                && bitsPerSecond < current.bitrate();
        boolean roomToGrow = current != ceiling
                && bitsPerSecond > current.larger().bitrate() * UP_BANDWIDTH_RATIO;
        return observe(tooLow, roomToGrow, nowNanos);
    }

    /** A report block about our video: {@code fractionLost} in 1/256. */
    synchronized Tier onLoss(int fractionLost, long nowNanos) {
        return observe(fractionLost >= HEAVY_LOSS, fractionLost <= CLEAN_LOSS && current != ceiling, nowNanos);
    }

    private Tier observe(boolean bad, boolean good, long now) {
        if (bad) {
            goodSince = -1;
            if (badSince < 0) {
                badSince = now;
            } else if (now - badSince >= DOWN_AFTER_NANOS && current != Tier.P180) {
                current = current.smaller();
                badSince = -1;
            }
        } else {
            badSince = -1;
            if (!good) {
                goodSince = -1;
            } else if (goodSince < 0) {
                goodSince = now;
            } else if (now - goodSince >= UP_AFTER_NANOS) {
                current = current.larger();
                goodSince = -1;
            }
        }
        return current;
    }
}
