package org.confero.mixer.rtp;

import java.util.List;

/**
 * What we sent on one outgoing SSRC (RFC 3550 §6.4.1 sender info) and the round-trip time that report blocks
 * about it reveal (RTT = arrival − LSR − DLSR, §6.4.1).
 *
 * <p>Not thread-safe: call from the sending thread, or guard externally. Counters are cumulative.
 */
public final class SenderStatistics {
    private final long ssrc;
    private final int clockRate;

    private long packets;
    private long octets;
    private long lastRtpTimestamp;
    private long lastSendNanos;
    private boolean sent;
    private long rttNanos = -1;
    private int lastFractionLost;
    private long lastJitter;

    public SenderStatistics(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    public long ssrc() { return ssrc; }

    /** Accounts one sent RTP packet; {@code payloadLength} excludes header and padding (RFC 3550 §6.4.1). */
    public void onPacketSent(int payloadLength, long rtpTimestamp, long sendNanos) {
        packets++;
        octets += payloadLength;
        lastRtpTimestamp = rtpTimestamp & 0xffffffffL;
        lastSendNanos = sendNanos;
        sent = true;
    }

    public long packetCount() { return packets; }

    public long octetCount() { return octets; }

    /** Whether an SR (rather than an RR) is due: we sent something (RFC 3550 §6.4). */
    public boolean hasSent() { return sent; }

    /**
     * Writes an SR whose RTP timestamp matches the wall-clock instant {@code unixNanos} (extrapolated from the
     * last sent packet at the clock rate, §6.4.1), followed by {@code blocks}.
     *
     * @param monotonicNanos the same instant on the clock passed to {@link #onPacketSent}
     * @return bytes written, or -1 when it does not fit
     */
    public int writeSenderReport(byte[] buf, int off, long unixNanos, long monotonicNanos, List<ReportBlock> blocks) {
        long elapsed = monotonicNanos - lastSendNanos;
        long rtpTimestamp = (lastRtpTimestamp + elapsed * clockRate / 1_000_000_000L) & 0xffffffffL;
        return RtcpWriter.writeSenderReport(buf, off, ssrc, NtpTime.fromUnixNanos(unixNanos), rtpTimestamp,
                packets & 0xffffffffL, octets & 0xffffffffL, blocks);
    }

    /**
     * Takes a report block about our SSRC. {@code arrivalNtp} is the wall-clock NTP time it arrived.
     * RTT is measured only when the block echoes an SR (LSR ≠ 0).
     */
    public void onReportBlock(int fractionLost, long jitter, long lastSr, long delaySinceLastSr, long arrivalNtp) {
        lastFractionLost = fractionLost;
        lastJitter = jitter;
        if (lastSr == 0) {
            return;
        }
        long rttCompact = (NtpTime.compact(arrivalNtp) - lastSr - delaySinceLastSr) & 0xffffffffL;
        if (rttCompact < 0x8000_0000L) { // a negative difference means skewed clocks or garbage: ignore
            rttNanos = NtpTime.compactToNanos(rttCompact);
        }
    }

    /** Last measured round-trip time, or -1 if none yet. */
    public long rttNanos() { return rttNanos; }

    /** Fraction lost (0..255) the remote reported last. */
    public int remoteFractionLost() { return lastFractionLost; }

    /** Jitter (timestamp units) the remote reported last. */
    public long remoteJitter() { return lastJitter; }
}
