package org.confero.mixer.rtp;

/**
 * A reusable, allocation-free view of one RTP packet (RFC 3550 §5.1) inside a caller's byte array.
 *
 * <p>{@link #wrap} validates and remembers where the fields are; the getters read the array on demand. The
 * view does not copy: it is valid only while the caller leaves the bytes alone. One instance per thread.
 */
public final class RtpPacket {
    /** Fixed header length (RFC 3550 §5.1). */
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int VERSION = 2;

    private byte[] buf;
    private int off;
    private int len;
    private int payloadOffset;
    private int payloadLength;
    private int extensionOffset = -1;
    private int extensionLength;

    /**
     * Points this view at {@code buf[off, off+len)} if those bytes hold a well-formed RTP packet.
     * Checks (RFC 3550 §5.1, Appendix A.1): version 2; header, CSRC list, extension header and padding count
     * fit in the packet; a padding count is at least 1. Never throws.
     *
     * @return false (and the view is cleared) for anything that is not a valid RTP packet
     */
    public boolean wrap(byte[] buf, int off, int len) {
        clear();
        if (buf == null || off < 0 || len < FIXED_HEADER_LENGTH || off > buf.length - len) {
            return false;
        }
        int b0 = buf[off] & 0xff;
        if ((b0 >>> 6) != VERSION) {
            return false;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0f);
        if (header > len) {
            return false;
        }
        int extOff = -1;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words after the 4-byte header.
            if (header + 4 > len) {
                return false;
            }
            extOff = off + header;
            extLen = 4 * Bytes.uint16(buf, extOff + 2);
            header += 4 + extLen;
            if (header > len) {
                return false;
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            padding = buf[off + len - 1] & 0xff;
            if (padding == 0 || header + padding > len) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.payloadOffset = off + header;
        this.payloadLength = len - header - padding;
        this.extensionOffset = extOff;
        this.extensionLength = extLen;
        return true;
    }

    /** Forgets the wrapped bytes. */
    public void clear() {
        buf = null;
        off = 0;
        len = 0;
        payloadOffset = 0;
        payloadLength = 0;
        extensionOffset = -1;
        extensionLength = 0;
    }

    public boolean isWrapped() { return buf != null; }

    public byte[] buffer() { return buf; }

    public int offset() { return off; }

    public int length() { return len; }

    public int version() { return (buf[off] & 0xff) >>> 6; }

    public boolean padding() { return (buf[off] & 0x20) != 0; }

    public boolean extension() { return (buf[off] & 0x10) != 0; }

    public int csrcCount() { return buf[off] & 0x0f; }

    public boolean marker() { return (buf[off + 1] & 0x80) != 0; }

    public int payloadType() { return buf[off + 1] & 0x7f; }

    /** 0..65535. */
    public int sequenceNumber() { return Bytes.uint16(buf, off + 2); }

    /** Unsigned 32-bit. */
    public long timestamp() { return Bytes.uint32(buf, off + 4); }

    /** Unsigned 32-bit. */
    public long ssrc() { return Bytes.uint32(buf, off + 8); }

    public long csrc(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException(index);
        }
        return Bytes.uint32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /** Absolute offset of the extension header's profile field in {@link #buffer()}, or -1 without extension. */
    public int extensionOffset() { return extensionOffset; }

    /** Extension data length in bytes, without its 4-byte header. */
    public int extensionLength() { return extensionLength; }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() { return payloadOffset; }

    /** Payload length without padding. */
    public int payloadLength() { return payloadLength; }

    /** Header length: fixed header, CSRCs and extension. */
    public int headerLength() { return payloadOffset - off; }

    /**
     * RFC 5761 §4: in an rtcp-mux stream, a second octet whose low 7 bits are 64..95 (so RTCP types 192..223)
     * marks RTCP; RTP payload types must avoid that range. Needs at least 2 bytes; version is not checked here.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2 || off < 0 || off > buf.length - 2) {
            return false;
        }
        int pt = buf[off + 1] & 0x7f;
        return pt >= 64 && pt <= 95;
    }

    /**
     * Writes a 12-byte RTP header without CSRCs, extension or padding (RFC 3550 §5.1).
     *
     * @return {@link #FIXED_HEADER_LENGTH}
     * @throws IllegalArgumentException if the header does not fit or a field is out of range (a programming error)
     */
    public static int writeHeader(byte[] buf, int off, int payloadType, boolean marker, int seq, long timestamp,
            long ssrc) {
        if (off < 0 || off > buf.length - FIXED_HEADER_LENGTH) {
            throw new IllegalArgumentException("no room for an RTP header at " + off);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType);
        }
        buf[off] = (byte) (VERSION << 6);
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        Bytes.putUint16(buf, off + 2, seq & 0xffff);
        Bytes.putUint32(buf, off + 4, timestamp & 0xffffffffL);
        Bytes.putUint32(buf, off + 8, ssrc & 0xffffffffL);
        return FIXED_HEADER_LENGTH;
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[empty]";
        }
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp() + " ssrc="
                + ssrc() + " m=" + marker() + " payload=" + payloadLength + "]";
    }
}
