package org.confero.mixer.rtp;

/**
 * Maps RTP timestamps to playout times and adapts the target delay to the measured delay variation.
 *
 * <p>Transit = arrival − media time. The smallest transit over the last two 5-second windows is the baseline
 * (the "fastest" path); following a windowed minimum rather than an all-time one lets the baseline follow
 * clock drift between sender and us. A packet's spread is its transit above the baseline; the target delay is
 * the decaying peak spread plus one consumer tick (a packet taken at tick t must have arrived by t), clamped
 * to [min, max]. Playout time = media time + baseline + target. Not thread-safe (the jitter buffer's lock).
 */
final class PlayoutClock {
    private static final long WINDOW_NANOS = 5_000_000_000L;
    /** Peak decays by 1/256 of the excess per packet: about 5 s at 50 packets/s. */
    private static final int PEAK_DECAY_SHIFT = 8;

    private final int clockRate;
    private final long tickNanos;
    private final long minDelayNanos;
    private final long maxDelayNanos;
    private final long initialDelayNanos;

    private long originTimestamp;
    private long windowStart;
    private long currentMin;
    private long previousMin;
    private long peakSpread;
    private long targetNanos;
    private long reanchors;

    PlayoutClock(JitterBufferConfig config) {
        this.clockRate = config.clockRate();
        this.tickNanos = config.tick().toNanos();
        this.minDelayNanos = config.minDelay().toNanos();
        this.maxDelayNanos = config.maxDelay().toNanos();
        this.initialDelayNanos = config.initialDelay().toNanos();
        this.targetNanos = initialDelayNanos;
    }

    /** Starts a new timeline at the first packet of a (re)synchronised stream. */
    void start(long extendedTimestamp, long arrivalNanos) {
        originTimestamp = extendedTimestamp;
        windowStart = arrivalNanos;
        currentMin = arrivalNanos;
        previousMin = arrivalNanos;
        peakSpread = Math.max(0, initialDelayNanos - tickNanos);
        targetNanos = initialDelayNanos;
    }

    /** Media time of a timestamp relative to the stream's first packet. */
    long mediaNanos(long extendedTimestamp) {
        long units = extendedTimestamp - originTimestamp;
        return units / clockRate * 1_000_000_000L + units % clockRate * 1_000_000_000L / clockRate;
    }

    /** Takes one arrival into the baseline and the delay estimate. */
    void onArrival(long extendedTimestamp, long arrivalNanos) {
        long transit = arrivalNanos - mediaNanos(extendedTimestamp);
        if (arrivalNanos - windowStart > WINDOW_NANOS) {
            previousMin = currentMin;
            currentMin = transit;
            windowStart = arrivalNanos;
        } else {
            currentMin = Math.min(currentMin, transit);
        }
        long spread = transit - baseline();
        if (spread > maxDelayNanos) {
            // Later than even the largest delay allows: the sender's clock runs slow against ours faster than the
            // windowed minimum follows, or the path got slower for good. Re-anchor on this packet, or every packet
            // from now on would miss its playout time and the stream would stay silent.
            currentMin = transit;
            previousMin = transit;
            windowStart = arrivalNanos;
            spread = 0;
            reanchors++;
        }
        if (spread > peakSpread) {
            peakSpread = spread;
        } else {
            peakSpread -= (peakSpread - spread) >> PEAK_DECAY_SHIFT;
        }
        targetNanos = Math.max(minDelayNanos, Math.min(maxDelayNanos, peakSpread + tickNanos));
    }

    private long baseline() {
        return Math.min(currentMin, previousMin);
    }

    /** When the first sample of the packet with this timestamp should be heard. */
    long playoutNanos(long extendedTimestamp) {
        return mediaNanos(extendedTimestamp) + baseline() + targetNanos;
    }

    long targetNanos() { return targetNanos; }

    /** Times the baseline jumped forward because packets arrived later than the maximum delay. */
    long reanchors() { return reanchors; }
}
