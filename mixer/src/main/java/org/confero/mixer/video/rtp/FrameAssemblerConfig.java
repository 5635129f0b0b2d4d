package org.confero.mixer.video.rtp;

import java.time.Duration;

/**
 * Settings of one {@link FrameAssembler}.
 *
 * @param windowPackets reorder window in packets, a power of two (512 by default); a packet this far ahead of
 *        the oldest undelivered one forces the oldest frames out
 * @param maxPacketSize largest RTP packet accepted (header included)
 * @param maxFrameBytes largest frame assembled; a larger one is dropped and counted
 * @param rtt initial round-trip time: the spacing of NACK retries (updated with {@link FrameAssembler#rttNanos})
 * @param maxNackRetries how often one missing packet is asked for (RFC 4585 leaves it to the receiver)
 * @param frameDeadline how long a frame may wait for a missing packet before it is given up
 * @param keyframeMinInterval least time between two keyframe requests
 * @param keyframeRepeat while still waiting for a keyframe, how often the request is repeated
 */
public record FrameAssemblerConfig(int windowPackets, int maxPacketSize, int maxFrameBytes, Duration rtt,
        int maxNackRetries, Duration frameDeadline, Duration keyframeMinInterval, Duration keyframeRepeat) {

    public FrameAssemblerConfig {
        if (windowPackets < 16 || windowPackets > 32768 || Integer.bitCount(windowPackets) != 1) {
            throw new IllegalArgumentException("windowPackets must be a power of two in 16..32768: " + windowPackets);
        }
        if (maxPacketSize < 13 || maxFrameBytes < 1024 || maxNackRetries < 0) {
            throw new IllegalArgumentException("maxPacketSize, maxFrameBytes or maxNackRetries out of range");
        }
        if (rtt.isNegative() || frameDeadline.isNegative() || keyframeMinInterval.isNegative()
                || keyframeRepeat.compareTo(keyframeMinInterval) < 0) {
            throw new IllegalArgumentException("durations must be >= 0 and keyframeRepeat >= keyframeMinInterval");
        }
    }

    /** 512 packets, 1500-byte packets, 4 MiB frames, 30 ms RTT, 3 NACKs, 150 ms deadline, PLI ≥ 300 ms apart, repeated every 1 s. */
    public static FrameAssemblerConfig defaults() {
        return new FrameAssemblerConfig(512, 1500, 4 << 20, Duration.ofMillis(30), 3, Duration.ofMillis(150),
                Duration.ofMillis(300), Duration.ofSeconds(1));
    }
}
