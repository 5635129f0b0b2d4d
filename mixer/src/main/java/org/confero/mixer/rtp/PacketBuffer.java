package org.confero.mixer.rtp;

/**
 * A reusable packet buffer with room before and after the packet, so a transport can prepend (e.g. a TURN or
 * tunnel header) and SRTP can append its authentication tag in place without copying. AEAD_AES_128_GCM writes
 * a 16-byte tag after the data (see DEPENDENCIES.md): {@link #TAILROOM} covers it.
 *
 * <p>The fields describing the packet ({@link #sequenceNumber()} …) are filled by the {@link JitterBuffer}
 * when it hands the buffer out. A buffer belongs to one thread at a time.
 */
public final class PacketBuffer {
    /** Bytes kept free before the packet. */
    public static final int HEADROOM = 32;
    /** Bytes kept free after the packet: SRTP/SRTCP auth tag (≤ 16 for GCM, 10 for HMAC-SHA1-80) + MKI + index. */
    public static final int TAILROOM = 32;

    private byte[] data;
    private int offset;
    private int length;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private boolean marker;
    private int payloadType;
    private int payloadOffset;
    private int payloadLength;
    private long arrivalNanos;

    /** A buffer for packets up to {@code maxPacketSize} bytes, plus headroom and tailroom. */
    public PacketBuffer(int maxPacketSize) {
        if (maxPacketSize <= 0) {
            throw new IllegalArgumentException("maxPacketSize " + maxPacketSize);
        }
        data = new byte[HEADROOM + maxPacketSize + TAILROOM];
        offset = HEADROOM;
    }

    /** Largest packet this buffer takes. */
    public int maxPacketSize() { return data.length - HEADROOM - TAILROOM; }

    /** Copies a packet in at {@link #HEADROOM}; false (buffer unchanged) if it is larger than the capacity. */
    public boolean copyFrom(byte[] src, int srcOffset, int len) {
        if (len < 0 || len > maxPacketSize()) {
            return false;
        }
        System.arraycopy(src, srcOffset, data, HEADROOM, len);
        offset = HEADROOM;
        length = len;
        return true;
    }

    /** The backing array; the packet is {@code data()[offset(), offset()+length())}. */
    public byte[] data() { return data; }

    public int offset() { return offset; }

    /** Packet length in bytes; 0 when the buffer holds no packet (e.g. after a LOST poll). */
    public int length() { return length; }

    /** Spare bytes after the packet (at least {@link #TAILROOM} after {@link #copyFrom}). */
    public int tailroom() { return data.length - offset - length; }

    public int sequenceNumber() { return sequenceNumber; }

    /** RTP timestamp, unsigned 32-bit. For a LOST poll: the timestamp the missing packet was expected to have. */
    public long timestamp() { return timestamp; }

    public long ssrc() { return ssrc; }

    public boolean marker() { return marker; }

    public int payloadType() { return payloadType; }

    /** Absolute offset of the RTP payload in {@link #data()}. */
    public int payloadOffset() { return payloadOffset; }

    public int payloadLength() { return payloadLength; }

    public long arrivalNanos() { return arrivalNanos; }

    /** Sets the packet description from a parsed view of the bytes now in this buffer. */
    void describe(RtpPacket rtp, long arrival) {
        sequenceNumber = rtp.sequenceNumber();
        timestamp = rtp.timestamp();
        ssrc = rtp.ssrc();
        marker = rtp.marker();
        payloadType = rtp.payloadType();
        payloadOffset = offset + (rtp.payloadOffset() - rtp.offset());
        payloadLength = rtp.payloadLength();
        arrivalNanos = arrival;
    }

    /** Marks this buffer as holding no packet, only the position of a missing one. */
    void describeMissing(int seq, long expectedTimestamp) {
        length = 0;
        payloadLength = 0;
        payloadOffset = offset;
        sequenceNumber = seq;
        timestamp = expectedTimestamp & 0xffffffffL;
        marker = false;
    }

    /** Exchanges contents with {@code other} (arrays included): a hand-over without copying bytes. */
    void swap(PacketBuffer other) {
        byte[] d = data; data = other.data; other.data = d;
        int i = offset; offset = other.offset; other.offset = i;
        i = length; length = other.length; other.length = i;
        i = sequenceNumber; sequenceNumber = other.sequenceNumber; other.sequenceNumber = i;
        long l = timestamp; timestamp = other.timestamp; other.timestamp = l;
        l = ssrc; ssrc = other.ssrc; other.ssrc = l;
        boolean b = marker; marker = other.marker; other.marker = b;
        i = payloadType; payloadType = other.payloadType; other.payloadType = i;
        i = payloadOffset; payloadOffset = other.payloadOffset; other.payloadOffset = i;
        i = payloadLength; payloadLength = other.payloadLength; other.payloadLength = i;
        l = arrivalNanos; arrivalNanos = other.arrivalNanos; other.arrivalNanos = l;
    }
}
