package org.confero.mixer.rtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes single RTCP packets (RFC 3550 §6.4–6.6, RFC 4585 §6, RFC 5104 §4.3.1, REMB). A compound packet is
 * the concatenation of what these methods write (RFC 3550 §6.1: SR or RR first, SDES CNAME next).
 * Every method returns the number of bytes written, or -1 when the packet does not fit in {@code buf}
 * (nothing useful is written then).
 */
public final class RtcpWriter {
    private RtcpWriter() {}

    /** RFC 3550 §6.4.1; at most 31 blocks. */
    public static int writeSenderReport(byte[] buf, int off, long ssrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount, List<ReportBlock> blocks) {
        int length = 28 + ReportBlock.LENGTH * blocks.size();
        if (blocks.size() > 31 || !fits(buf, off, length)) {
            return -1;
        }
        header(buf, off, blocks.size(), RtcpType.SR, length);
        Bytes.putUint32(buf, off + 4, ssrc);
        Bytes.putUint32(buf, off + 8, ntpTimestamp >>> 32);
        Bytes.putUint32(buf, off + 12, ntpTimestamp);
        Bytes.putUint32(buf, off + 16, rtpTimestamp);
        Bytes.putUint32(buf, off + 20, packetCount);
        Bytes.putUint32(buf, off + 24, octetCount);
        writeBlocks(buf, off + 28, blocks);
        return length;
    }

    /** RFC 3550 §6.4.2; an empty list gives the 8-byte RR that starts a compound packet of a pure receiver. */
    public static int writeReceiverReport(byte[] buf, int off, long ssrc, List<ReportBlock> blocks) {
        int length = 8 + ReportBlock.LENGTH * blocks.size();
        if (blocks.size() > 31 || !fits(buf, off, length)) {
            return -1;
        }
        header(buf, off, blocks.size(), RtcpType.RR, length);
        Bytes.putUint32(buf, off + 4, ssrc);
        writeBlocks(buf, off + 8, blocks);
        return length;
    }

    /** RFC 3550 §6.5.1: one chunk with a CNAME item (at most 255 UTF-8 bytes). */
    public static int writeSdesCname(byte[] buf, int off, long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255) {
            return -1;
        }
        // header 4 + SSRC 4 + type/length 2 + text + at least one null octet, padded to 32 bits.
        int length = (4 + 4 + 2 + text.length + 1 + 3) & ~3;
        if (!fits(buf, off, length)) {
            return -1;
        }
        header(buf, off, 1, RtcpType.SDES, length);
        Bytes.putUint32(buf, off + 4, ssrc);
        buf[off + 8] = (byte) RtcpType.SDES_CNAME;
        buf[off + 9] = (byte) text.length;
        System.arraycopy(text, 0, buf, off + 10, text.length);
        for (int i = off + 10 + text.length; i < off + length; i++) {
            buf[i] = 0;
        }
        return length;
    }

    /** RFC 3550 §6.6: BYE for one SSRC with an optional reason (null for none). */
    public static int writeBye(byte[] buf, int off, long ssrc, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255) {
            return -1;
        }
        int length = 8 + (text.length == 0 ? 0 : (1 + text.length + 3) & ~3);
        if (!fits(buf, off, length)) {
            return -1;
        }
        header(buf, off, 1, RtcpType.BYE, length);
        Bytes.putUint32(buf, off + 4, ssrc);
        if (text.length > 0) {
            buf[off + 8] = (byte) text.length;
            System.arraycopy(text, 0, buf, off + 9, text.length);
            for (int i = off + 9 + text.length; i < off + length; i++) {
                buf[i] = 0;
            }
        }
        return length;
    }

    /**
     * RFC 4585 §6.2.1 generic NACK for the lost sequence numbers {@code lost[0, count)}, given in sending order
     * (wrap-around allowed). Consecutive losses within 16 of a PID share one FCI entry's bitmask.
     */
    public static int writeNack(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] lost, int count) {
        int entries = RtcpFeedback.nackEntryCount(lost, count);
        int length = 12 + 4 * entries;
        if (entries == 0 || !fits(buf, off, length)) {
            return -1;
        }
        header(buf, off, RtcpType.FMT_NACK, RtcpType.RTPFB, length);
        Bytes.putUint32(buf, off + 4, senderSsrc);
        Bytes.putUint32(buf, off + 8, mediaSsrc);
        RtcpFeedback.writeNackEntries(buf, off + 12, lost, count);
        return length;
    }

    /** RFC 4585 §6.3.1 Picture Loss Indication. */
    public static int writePli(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
        if (!fits(buf, off, 12)) {
            return -1;
        }
        header(buf, off, RtcpType.FMT_PLI, RtcpType.PSFB, 12);
        Bytes.putUint32(buf, off + 4, senderSsrc);
        Bytes.putUint32(buf, off + 8, mediaSsrc);
        return 12;
    }

    /**
     * RFC 5104 §4.3.1 Full Intra Request for one target. The media source field is 0 (§4.3.1.2);
     * {@code commandSequence} (0..255) must grow by one for each new request and stay the same on repetition.
     */
    public static int writeFir(byte[] buf, int off, long senderSsrc, long targetSsrc, int commandSequence) {
        if (!fits(buf, off, 20)) {
            return -1;
        }
        header(buf, off, RtcpType.FMT_FIR, RtcpType.PSFB, 20);
        Bytes.putUint32(buf, off + 4, senderSsrc);
        Bytes.putUint32(buf, off + 8, 0);
        Bytes.putUint32(buf, off + 12, targetSsrc);
        buf[off + 16] = (byte) commandSequence;
        buf[off + 17] = 0;
        buf[off + 18] = 0;
        buf[off + 19] = 0;
        return 20;
    }

    /**
     * REMB (draft-alvestrand-rmcat-remb §2.2): PSFB FMT 15, identifier "REMB", bitrate as an 18-bit mantissa
     * with a 6-bit exponent (rounded down), then the SSRCs it applies to.
     */
    public static int writeRemb(byte[] buf, int off, long senderSsrc, long bitrateBps, long[] ssrcs) {
        int length = 20 + 4 * ssrcs.length;
        if (bitrateBps < 0 || ssrcs.length > 255 || !fits(buf, off, length)) {
            return -1;
        }
        int exponent = 0;
        long mantissa = bitrateBps;
        while (mantissa > 0x3ffff) {
            mantissa >>>= 1;
            exponent++;
        }
        if (exponent > 63) {
            return -1;
        }
        header(buf, off, RtcpType.FMT_AFB, RtcpType.PSFB, length);
        Bytes.putUint32(buf, off + 4, senderSsrc);
        Bytes.putUint32(buf, off + 8, 0); // RFC: media source unused, set to 0
        buf[off + 12] = 'R';
        buf[off + 13] = 'E';
        buf[off + 14] = 'M';
        buf[off + 15] = 'B';
        buf[off + 16] = (byte) ssrcs.length;
        Bytes.putUint24(buf, off + 17, (exponent << 18) | (int) mantissa);
        for (int i = 0; i < ssrcs.length; i++) {
            Bytes.putUint32(buf, off + 20 + 4 * i, ssrcs[i]);
        }
        return length;
    }

    private static boolean fits(byte[] buf, int off, int length) {
        return off >= 0 && off <= buf.length - length;
    }

    /** RFC 3550 §6.4.1: length in 32-bit words minus one. */
    private static void header(byte[] buf, int off, int countOrFormat, int type, int length) {
        buf[off] = (byte) (0x80 | countOrFormat);
        buf[off + 1] = (byte) type;
        Bytes.putUint16(buf, off + 2, length / 4 - 1);
    }

    private static void writeBlocks(byte[] buf, int off, List<ReportBlock> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).write(buf, off + ReportBlock.LENGTH * i);
        }
    }
}
