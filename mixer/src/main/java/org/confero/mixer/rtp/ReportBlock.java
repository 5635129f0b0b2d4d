package org.confero.mixer.rtp;

/**
 * One RTCP reception report block (RFC 3550 §6.4.1), as written in an SR or RR.
 *
 * @param fractionLost 0..255 (lost/expected since the previous report, times 256)
 * @param cumulativeLost signed, clamped to 24 bits on the wire
 * @param lastSr middle 32 bits of the last SR's NTP time from this source, 0 if none
 * @param delaySinceLastSr 1/65536 s since that SR arrived, 0 if none
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
        long lastSr, long delaySinceLastSr) {
    public static final int LENGTH = 24;

    public ReportBlock {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fractionLost " + fractionLost);
        }
        cumulativeLost = Math.max(-0x800000, Math.min(0x7fffff, cumulativeLost));
    }

    /** Writes the 24 bytes at {@code off}. */
    void write(byte[] buf, int off) {
        Bytes.putUint32(buf, off, ssrc);
        buf[off + 4] = (byte) fractionLost;
        Bytes.putUint24(buf, off + 5, cumulativeLost & 0xffffff);
        Bytes.putUint32(buf, off + 8, extendedHighestSeq);
        Bytes.putUint32(buf, off + 12, jitter);
        Bytes.putUint32(buf, off + 16, lastSr);
        Bytes.putUint32(buf, off + 20, delaySinceLastSr);
    }
}
