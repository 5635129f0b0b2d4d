package org.confero.server.webrtc.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable packet with headroom and tailroom, the unit jitsi-srtp transforms in place. The tailroom matters:
 * AEAD GCM writes its 16-byte tag (and SRTCP its index) past the current length without asking.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    public static final int HEADROOM = 32;
    public static final int TAILROOM = 64;
    public static final int MAX_PACKET = 1500;

    private byte[] buffer;
    private int offset;
    private int length;

    public PacketBuffer() {
        this.buffer = new byte[HEADROOM + MAX_PACKET + TAILROOM];
        this.offset = HEADROOM;
    }

    /** Copies a packet in at the standard headroom; false (and unchanged) when it cannot fit. */
    public boolean load(byte[] src, int srcOffset, int srcLength) {
        if (srcLength < 0 || srcLength > MAX_PACKET) {
            return false;
        }
        System.arraycopy(src, srcOffset, buffer, HEADROOM, srcLength);
        offset = HEADROOM;
        length = srcLength;
        return true;
    }

    /** Prepares for a socket read straight into the buffer. */
    public void resetForReceive() {
        offset = HEADROOM;
        length = MAX_PACKET;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("length " + length + " does not fit");
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset < 0 || offset > buffer.length) {
            throw new IllegalArgumentException("offset " + offset + " out of range");
        }
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        int needed = offset + length + howMuch;
        if (needed > buffer.length) {
            // Rare: only when a packet plus tag outgrows the tailroom; keep the data where it is.
            byte[] bigger = new byte[needed + TAILROOM];
            System.arraycopy(buffer, 0, bigger, 0, offset + length);
            buffer = bigger;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
