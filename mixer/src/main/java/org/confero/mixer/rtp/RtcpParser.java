package org.confero.mixer.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Parses an RTCP compound packet (RFC 3550 §6.1) in place and hands each report to a {@link RtcpListener}.
 *
 * <p>The whole compound packet is validated first (RFC 3550 Appendix A.2: version 2, lengths adding up to the
 * datagram, padding only in the last packet, report counts that fit); a malformed packet is rejected as a
 * whole, with no callbacks, and counted. The first packet may be SR, RR or — reduced-size RTCP, RFC 5506 —
 * feedback. Apart from SDES CNAME strings nothing is allocated. Stateless apart from its counters; one
 * instance per receiving thread.
 */
public final class RtcpParser {
    private static final int HEADER = 4;

    private final long[] rejectedByReason = new long[RtcpParseResult.values().length];
    private long parsed;

    /** Validates {@code buf[off, off+len)} and, if it is well formed, reports its contents to {@code listener}. */
    public RtcpParseResult parse(byte[] buf, int off, int len, RtcpListener listener) {
        RtcpParseResult result = validate(buf, off, len);
        if (result != RtcpParseResult.OK) {
            rejectedByReason[result.ordinal()]++;
            return result;
        }
        parsed++;
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int packetLength = 4 * (Bytes.uint16(buf, pos + 2) + 1);
            int contentEnd = pos + packetLength - paddingOf(buf, pos, packetLength);
            deliver(buf, pos, contentEnd, listener);
            pos += packetLength;
        }
        return RtcpParseResult.OK;
    }

    /** Compound packets accepted so far. */
    public long parsedCount() { return parsed; }

    /** Compound packets rejected for {@code reason} so far. */
    public long rejectedCount(RtcpParseResult reason) { return rejectedByReason[reason.ordinal()]; }

    /** All rejected compound packets. */
    public long rejectedCount() {
        long sum = 0;
        for (long n : rejectedByReason) {
            sum += n;
        }
        return sum;
    }

    /** Checks a compound packet without reporting anything. Never throws. */
    public static RtcpParseResult validate(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER || off > buf.length - len || (len & 3) != 0) {
            return RtcpParseResult.TOO_SHORT;
        }
        int pos = off;
        int end = off + len;
        boolean first = true;
        while (pos < end) {
            if (end - pos < HEADER) {
                return RtcpParseResult.BAD_LENGTH;
            }
            int b0 = buf[pos] & 0xff;
            if ((b0 >>> 6) != 2) {
                return RtcpParseResult.BAD_VERSION;
            }
            int type = buf[pos + 1] & 0xff;
            if (first && type != RtcpType.SR && type != RtcpType.RR && type != RtcpType.RTPFB
                    && type != RtcpType.PSFB) {
                return RtcpParseResult.BAD_FIRST_PACKET;
            }
            first = false;
            int packetLength = 4 * (Bytes.uint16(buf, pos + 2) + 1);
            if (packetLength > end - pos) {
                return RtcpParseResult.BAD_LENGTH;
            }
            int padding = 0;
            if ((b0 & 0x20) != 0) {
                if (pos + packetLength != end) {
                    return RtcpParseResult.BAD_PADDING;
                }
                padding = buf[pos + packetLength - 1] & 0xff;
                if (padding == 0 || padding > packetLength - HEADER) {
                    return RtcpParseResult.BAD_PADDING;
                }
            }
            if (!bodyFits(buf, pos, packetLength - padding)) {
                return RtcpParseResult.TRUNCATED_REPORT;
            }
            pos += packetLength;
        }
        return RtcpParseResult.OK;
    }

    private static int paddingOf(byte[] buf, int pos, int packetLength) {
        return (buf[pos] & 0x20) != 0 ? buf[pos + packetLength - 1] & 0xff : 0;
    }

    /** Whether the declared count/format fits in {@code contentLength} bytes (header included). */
    private static boolean bodyFits(byte[] buf, int pos, int contentLength) {
        int count = buf[pos] & 0x1f;
        int type = buf[pos + 1] & 0xff;
        switch (type) {
            case RtcpType.SR:
                return contentLength >= 28 + ReportBlock.LENGTH * count;
            case RtcpType.RR:
                return contentLength >= 8 + ReportBlock.LENGTH * count;
            case RtcpType.BYE:
                return contentLength >= HEADER + 4 * count;
            case RtcpType.SDES:
                return sdesFits(buf, pos, pos + contentLength, count);
            case RtcpType.RTPFB:
            case RtcpType.PSFB:
                return feedbackFits(buf, pos, contentLength, type, count);
            default:
                return true;
        }
    }

    private static boolean feedbackFits(byte[] buf, int pos, int contentLength, int type, int fmt) {
        if (contentLength < 12) {
            return false;
        }
        if (type == RtcpType.PSFB && fmt == RtcpType.FMT_AFB && isRemb(buf, pos, contentLength)) {
            return contentLength >= 20 + 4 * (buf[pos + 16] & 0xff);
        }
        return true;
    }

    private static boolean isRemb(byte[] buf, int pos, int contentLength) {
        return contentLength >= 20 && buf[pos + 12] == 'R' && buf[pos + 13] == 'E' && buf[pos + 14] == 'M'
                && buf[pos + 15] == 'B';
    }

    /** RFC 3550 §6.5: each chunk is an SSRC and items, ended by a null octet and padded to 32 bits. */
    private static boolean sdesFits(byte[] buf, int packetStart, int end, int chunks) {
        int pos = packetStart + HEADER;
        for (int c = 0; c < chunks; c++) {
            pos += 4;
            if (pos > end) {
                return false;
            }
            while (true) {
                if (pos >= end) {
                    return false;
                }
                int itemType = buf[pos] & 0xff;
                if (itemType == RtcpType.SDES_END) {
                    pos = nextWord(packetStart, pos);
                    break;
                }
                if (pos + 2 > end) {
                    return false;
                }
                pos += 2 + (buf[pos + 1] & 0xff);
            }
            if (pos > end) {
                return false;
            }
        }
        return true;
    }

    /** The first 32-bit boundary (relative to the packet) after the null octet at {@code nullOctet}. */
    private static int nextWord(int packetStart, int nullOctet) {
        return packetStart + ((nullOctet - packetStart + 4) & ~3);
    }

    private static void deliver(byte[] buf, int pos, int end, RtcpListener listener) {
        int count = buf[pos] & 0x1f;
        int type = buf[pos + 1] & 0xff;
        switch (type) {
            case RtcpType.SR -> {
                long ssrc = Bytes.uint32(buf, pos + 4);
                long ntp = (Bytes.uint32(buf, pos + 8) << 32) | Bytes.uint32(buf, pos + 12);
                listener.onSenderReport(ssrc, ntp, Bytes.uint32(buf, pos + 16), Bytes.uint32(buf, pos + 20),
                        Bytes.uint32(buf, pos + 24));
                deliverBlocks(buf, pos + 28, count, ssrc, listener);
            }
            case RtcpType.RR -> {
                long ssrc = Bytes.uint32(buf, pos + 4);
                listener.onReceiverReport(ssrc, count);
                deliverBlocks(buf, pos + 8, count, ssrc, listener);
            }
            case RtcpType.SDES -> deliverSdes(buf, pos, count, listener);
            case RtcpType.BYE -> {
                for (int i = 0; i < count; i++) {
                    listener.onBye(Bytes.uint32(buf, pos + HEADER + 4 * i));
                }
            }
            case RtcpType.RTPFB -> deliverTransportFeedback(buf, pos, end, count, listener);
            case RtcpType.PSFB -> deliverPayloadFeedback(buf, pos, end, count, listener);
            default -> listener.onOther(type, count);
        }
    }

    private static void deliverBlocks(byte[] buf, int pos, int count, long reporter, RtcpListener listener) {
        for (int i = 0; i < count; i++, pos += ReportBlock.LENGTH) {
            int lost = Bytes.uint24(buf, pos + 5);
            int signedLost = (lost << 8) >> 8;
            listener.onReportBlock(reporter, Bytes.uint32(buf, pos), buf[pos + 4] & 0xff, signedLost,
                    Bytes.uint32(buf, pos + 8), Bytes.uint32(buf, pos + 12), Bytes.uint32(buf, pos + 16),
                    Bytes.uint32(buf, pos + 20));
        }
    }

    private static void deliverSdes(byte[] buf, int packetStart, int chunks, RtcpListener listener) {
        int pos = packetStart + HEADER;
        for (int c = 0; c < chunks; c++) {
            long ssrc = Bytes.uint32(buf, pos);
            pos += 4;
            while ((buf[pos] & 0xff) != RtcpType.SDES_END) {
                int itemLength = buf[pos + 1] & 0xff;
                if ((buf[pos] & 0xff) == RtcpType.SDES_CNAME) {
                    listener.onCname(ssrc, new String(buf, pos + 2, itemLength, StandardCharsets.UTF_8));
                }
                pos += 2 + itemLength;
            }
            pos = nextWord(packetStart, pos);
        }
    }

    private static void deliverTransportFeedback(byte[] buf, int pos, int end, int fmt, RtcpListener listener) {
        long sender = Bytes.uint32(buf, pos + 4);
        long media = Bytes.uint32(buf, pos + 8);
        if (fmt != RtcpType.FMT_NACK) {
            listener.onOther(RtcpType.RTPFB, fmt);
            return;
        }
        for (int fci = pos + 12; fci + 4 <= end; fci += 4) {
            listener.onNack(sender, media, Bytes.uint16(buf, fci), Bytes.uint16(buf, fci + 2));
        }
    }

    private static void deliverPayloadFeedback(byte[] buf, int pos, int end, int fmt, RtcpListener listener) {
        long sender = Bytes.uint32(buf, pos + 4);
        long media = Bytes.uint32(buf, pos + 8);
        if (fmt == RtcpType.FMT_PLI) {
            listener.onPli(sender, media);
        } else if (fmt == RtcpType.FMT_FIR) {
            for (int fci = pos + 12; fci + 8 <= end; fci += 8) {
                listener.onFir(sender, Bytes.uint32(buf, fci), buf[fci + 4] & 0xff);
            }
        } else if (fmt == RtcpType.FMT_AFB && isRemb(buf, pos, end - pos)) {
            int ssrcCount = buf[pos + 16] & 0xff;
            int exponent = (buf[pos + 17] & 0xff) >>> 2;
            long mantissa = Bytes.uint24(buf, pos + 17) & 0x3ffff;
            long bitrate = exponent > 45 ? Long.MAX_VALUE : saturatingShift(mantissa, exponent);
            listener.onRemb(sender, bitrate, buf, pos + 20, ssrcCount);
        } else {
            listener.onOther(RtcpType.PSFB, fmt);
        }
    }

    private static long saturatingShift(long mantissa, int exponent) {
        return mantissa > (Long.MAX_VALUE >>> exponent) ? Long.MAX_VALUE : mantissa << exponent;
    }
}
