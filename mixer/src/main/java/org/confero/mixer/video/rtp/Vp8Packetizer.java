package org.confero.mixer.video.rtp;

import org.confero.mixer.video.EncodedFrame;

/**
 * VP8 RTP packetizer (RFC 7741 §4): every payload carries a 4-octet descriptor with X=1, I=1 and a 15-bit
 * picture id that grows by one per frame (§4.2), S=1 and PID=0 on the first payload of the frame. The frame is
 * cut into payloads of nearly equal size, so the last packet is not a tiny runt.
 *
 * <p>One instance per outgoing stream, used by the encoder thread only.
 */
public final class Vp8Packetizer implements VideoPacketizer {
    static final int DESCRIPTOR_LENGTH = 4;

    private final int maxPayloadSize;
    private int pictureId;

    private EncodedFrame frame;
    private int position;
    private int remainingPackets;
    private boolean first;

    /**
     * @param maxPayloadSize largest RTP payload, descriptor included (e.g. 1200); at least 5
     * @param initialPictureId picture id of the first frame (0..32767); a random start is kinder to receivers
     *        that saw an earlier stream with the same SSRC
     */
    public Vp8Packetizer(int maxPayloadSize, int initialPictureId) {
        if (maxPayloadSize <= DESCRIPTOR_LENGTH) {
            throw new IllegalArgumentException("maxPayloadSize " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
        this.pictureId = (initialPictureId & 0x7fff) - 1;
    }

    @Override
    public void begin(EncodedFrame frame) {
        this.frame = frame;
        this.position = 0;
        this.first = true;
        int chunk = maxPayloadSize - DESCRIPTOR_LENGTH;
        this.remainingPackets = (frame.length() + chunk - 1) / chunk;
        pictureId = (pictureId + 1) & 0x7fff;
    }

    @Override
    public boolean hasNext() {
        return remainingPackets > 0;
    }

    @Override
    public int next(byte[] out, int off) {
        if (remainingPackets <= 0) {
            throw new IllegalStateException("no payload left");
        }
        int left = frame.length() - position;
        int n = (left + remainingPackets - 1) / remainingPackets; // balanced split
        out[off] = (byte) (0x80 | (first ? 0x10 : 0)); // X=1, N=0, S on the first payload, PID=0
        out[off + 1] = (byte) 0x80; // I=1: picture id present
        out[off + 2] = (byte) (0x80 | (pictureId >>> 8)); // M=1: 15-bit picture id
        out[off + 3] = (byte) pictureId;
        System.arraycopy(frame.data(), position, out, off + DESCRIPTOR_LENGTH, n);
        position += n;
        remainingPackets--;
        first = false;
        return DESCRIPTOR_LENGTH + n;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /** Picture id of the frame last begun. */
    public int pictureId() {
        return pictureId;
    }
}
