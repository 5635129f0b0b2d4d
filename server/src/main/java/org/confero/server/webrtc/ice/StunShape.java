package org.confero.server.webrtc.ice;

/**
 * RFC 5389 §6 and §15: whether a datagram is shaped like a STUN message (20-byte header with the magic cookie,
 * a length that matches the datagram and is a multiple of 4, attributes that tile the body exactly). ice4j's
 * decoder throws ArrayIndexOutOfBoundsException on some truncated attributes and on address attributes whose
 * length does not fit their family, instead of its StunException: nothing reaches it unless it has this shape.
 */
public final class StunShape {
    private static final int HEADER = 20;
    private static final int MAGIC_COOKIE = 0x2112A442;

    private StunShape() {}

    public static boolean isWellFormed(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER || off + len > buf.length || (buf[off] & 0xC0) != 0) {
            return false;
        }
        int bodyLength = u16(buf, off + 2);
        int cookie = (u16(buf, off + 4) << 16) | u16(buf, off + 6);
        if (cookie != MAGIC_COOKIE || bodyLength != len - HEADER || (bodyLength & 3) != 0) {
            return false;
        }
        int at = off + HEADER;
        int end = off + len;
        while (at < end) {
            if (end - at < 4) {
                return false;
            }
            int attributeLength = u16(buf, at + 2);
            int padded = (attributeLength + 3) & ~3;
            if (padded > end - at - 4 || !addressFits(buf, at, attributeLength)) {
                return false;
            }
            at += 4 + padded;
        }
        return true;
    }

    /**
     * RFC 5389 §15.1/§15.2 (and RFC 5766, RFC 5780 for their address attributes): family 1 is 8 bytes long, family 2
     * is 20; ice4j copies 16 address bytes for family 2 whatever the length says.
     */
    private static boolean addressFits(byte[] buf, int at, int length) {
        int type = u16(buf, at);
        boolean address = type == 0x0001 || type == 0x0002 || type == 0x0004 || type == 0x0005 || type == 0x0012
                || type == 0x0016 || type == 0x0020 || type == 0x8020 || type == 0x802B || type == 0x802C;
        if (!address) {
            return true;
        }
        if (length < 4) {
            return false;
        }
        int family = buf[at + 5] & 0xFF;
        return (family == 1 && length == 8) || (family == 2 && length == 20);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
