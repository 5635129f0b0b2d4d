package org.confero.mixer.rtp;

import java.time.Duration;

/**
 * Settings of one {@link JitterBuffer}.
 *
 * @param clockRate RTP clock rate of the stream (48000 for Opus, 8000 for G.711/G.722)
 * @param capacity packet slots; a packet this many sequence numbers ahead of the oldest pushes the oldest out
 * @param minDelay lower bound of the adaptive target delay
 * @param maxDelay upper bound of the adaptive target delay
 * @param initialDelay target delay before any jitter has been measured
 * @param tick the consumer's frame period (the mixer's 20 ms)
 * @param resyncGap silence after which the next packet starts buffering afresh
 * @param maxPacketSize largest RTP packet accepted (header included)
 */
public record JitterBufferConfig(int clockRate, int capacity, Duration minDelay, Duration maxDelay,
        Duration initialDelay, Duration tick, Duration resyncGap, int maxPacketSize) {

    public JitterBufferConfig {
        if (clockRate <= 0 || capacity < 4 || capacity > 4096 || maxPacketSize < RtpPacket.FIXED_HEADER_LENGTH) {
            throw new IllegalArgumentException("clockRate, capacity or maxPacketSize out of range");
        }
        if (minDelay.isNegative() || maxDelay.compareTo(minDelay) < 0 || initialDelay.compareTo(minDelay) < 0
                || initialDelay.compareTo(maxDelay) > 0 || tick.isNegative() || tick.isZero()
                || resyncGap.compareTo(maxDelay) <= 0) {
            throw new IllegalArgumentException("inconsistent delays: need 0 <= min <= initial <= max < resyncGap");
        }
    }

    /** Defaults for audio: 20–200 ms adaptive, starting at 40 ms, 64 slots, resync after 1 s of silence. */
    public static JitterBufferConfig audio(int clockRate) {
        return new JitterBufferConfig(clockRate, 64, Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofMillis(40), Duration.ofMillis(20), Duration.ofSeconds(1), 1500);
    }
}
