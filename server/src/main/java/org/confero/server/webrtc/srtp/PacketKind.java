package org.confero.server.webrtc.srtp;

/**
 * RFC 7983 §7: what arrives on the one UDP port, told apart by the first byte, and RTP from RTCP by the
 * second byte when they share the port (RFC 5761 §4: RTCP packet types 192-223 never collide with the RTP
 * payload types WebRTC uses).
 */
public enum PacketKind {
    STUN, DTLS, RTP, RTCP, UNKNOWN;

    public static PacketKind of(byte[] buf, int off, int len) {
        if (len < 1) {
            return UNKNOWN;
        }
        int first = buf[off] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (len < 8) {
                return UNKNOWN;
            }
            int second = buf[off + 1] & 0xFF;
            return second >= 192 && second <= 223 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}
