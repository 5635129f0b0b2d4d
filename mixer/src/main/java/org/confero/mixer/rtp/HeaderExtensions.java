package org.confero.mixer.rtp;

/**
 * Finds one RTP header extension element (RFC 8285) in a wrapped {@link RtpPacket}, without allocating.
 * Handles the one-byte form (profile 0xBEDE, §4.2) and the two-byte form (0x100x, §4.3); other profiles
 * hold no elements. Reusable; one instance per thread.
 */
public final class HeaderExtensions {
    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    private static final int TWO_BYTE_PROFILE = 0x1000;

    private int dataOffset = -1;
    private int dataLength;

    /**
     * Looks for element {@code id} (1–14 one-byte, 1–255 two-byte).
     *
     * @return true if found; then {@link #dataOffset()} and {@link #dataLength()} locate its data
     */
    public boolean find(RtpPacket rtp, int id) {
        dataOffset = -1;
        dataLength = 0;
        if (!rtp.isWrapped() || rtp.extensionOffset() < 0 || id <= 0) {
            return false;
        }
        byte[] b = rtp.buffer();
        int profile = Bytes.uint16(b, rtp.extensionOffset());
        int pos = rtp.extensionOffset() + 4;
        int end = pos + rtp.extensionLength();
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return false;
        }
        while (pos < end) {
            int first = b[pos] & 0xff;
            if (first == 0) {
                pos++; // §4.2/§4.3: padding octet between elements
                continue;
            }
            int elementId;
            int length;
            if (oneByte) {
                elementId = first >>> 4;
                if (elementId == 15) {
                    return false; // §4.2: reserved id 15 ends processing
                }
                length = (first & 0x0f) + 1;
                pos += 1;
            } else {
                if (pos + 2 > end) {
                    return false;
                }
                elementId = first;
                length = b[pos + 1] & 0xff;
                pos += 2;
            }
            if (pos + length > end) {
                return false;
            }
            if (elementId == id) {
                dataOffset = pos;
                dataLength = length;
                return true;
            }
            pos += length;
        }
        return false;
    }

    /** Absolute offset of the found element's data in the packet's buffer, -1 if none. */
    public int dataOffset() { return dataOffset; }

    public int dataLength() { return dataLength; }

    /**
     * RFC 6464 client-to-mixer audio level carried in element {@code id}: 0 (loudest) .. 127 (silence) −dBov,
     * or -1 when absent or malformed.
     */
    public int audioLevel(RtpPacket rtp, int id) {
        if (!find(rtp, id) || dataLength < 1) {
            return -1;
        }
        return rtp.buffer()[dataOffset] & 0x7f;
    }

    /** RFC 6464 §3: the V bit says the sender's voice activity detector heard speech. */
    public boolean voiceActivity(RtpPacket rtp, int id) {
        return find(rtp, id) && dataLength >= 1 && (rtp.buffer()[dataOffset] & 0x80) != 0;
    }
}
