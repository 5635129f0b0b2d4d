package org.confero.mixer.video.rtp;

import org.confero.mixer.video.EncodedFrame;

/**
 * VP8 RTP depacketizer (RFC 7741 §4): parses the payload descriptor, strips it, and appends the VP8 frame bytes.
 *
 * <p>{@link #parseDescriptor} is also usable on its own as a flyweight: after a successful call the getters
 * describe that payload. One instance per stream and thread.
 */
public final class Vp8Depacketizer implements VideoDepacketizer {
    // RFC 7741 §4.2, first octet: |X|R|N|S|R| PID |
    private static final int X = 0x80;
    private static final int N = 0x20;
    private static final int S = 0x10;
    private static final int PID_MASK = 0x07;
    // Extension octet: |I|L|T|K| RSV |
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    /** PictureID M bit: a 15-bit picture id follows instead of a 7-bit one. */
    private static final int M = 0x80;

    private int descriptorLength;
    private boolean startOfPartition;
    private int partitionId;
    private boolean nonReference;
    private int pictureId = -1;
    private int tl0PicIdx = -1;
    private boolean keyframe;

    private boolean frameStarted;

    /**
     * Parses the payload descriptor at {@code buf[off, off+len)}.
     *
     * @return the descriptor length (the VP8 bytes start after it), or -1 when the descriptor is truncated
     */
    public int parseDescriptor(byte[] buf, int off, int len) {
        descriptorLength = -1;
        pictureId = -1;
        tl0PicIdx = -1;
        keyframe = false;
        if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
            return -1;
        }
        int b0 = buf[off] & 0xff;
        int pos = 1;
        if ((b0 & X) != 0) {
            if (len < pos + 1) {
                return -1;
            }
            int ext = buf[off + pos++] & 0xff;
            if ((ext & I) != 0) {
                if (len < pos + 1) {
                    return -1;
                }
                int p0 = buf[off + pos++] & 0xff;
                if ((p0 & M) != 0) {
                    if (len < pos + 1) {
                        return -1;
                    }
                    pictureId = ((p0 & 0x7f) << 8) | (buf[off + pos++] & 0xff);
                } else {
                    pictureId = p0;
                }
            }
            if ((ext & L) != 0) {
                if (len < pos + 1) {
                    return -1;
                }
                tl0PicIdx = buf[off + pos++] & 0xff;
            }
            if ((ext & (T | K)) != 0) {
                // §4.2: one octet TID|Y|KEYIDX is present when either T or K is set.
                if (len < pos + 1) {
                    return -1;
                }
                pos++;
            }
        }
        startOfPartition = (b0 & S) != 0;
        partitionId = b0 & PID_MASK;
        nonReference = (b0 & N) != 0;
        // §4.3: the VP8 payload header starts the first partition; bit 0 of its first octet is the inverse key
        // frame flag P (RFC 6386 §9.1), so P == 0 marks a key frame.
        if (startOfPartition && partitionId == 0 && len > pos) {
            keyframe = (buf[off + pos] & 0x01) == 0;
        }
        descriptorLength = pos;
        return pos;
    }

    /** Length of the last parsed descriptor, or -1 if it was truncated. */
    public int descriptorLength() { return descriptorLength; }

    /** S bit: the payload starts a VP8 partition. */
    public boolean startOfPartition() { return startOfPartition; }

    public int partitionId() { return partitionId; }

    /** N bit: the frame can be discarded without hurting later frames. */
    public boolean nonReference() { return nonReference; }

    /** 7- or 15-bit picture id, or -1 when absent. */
    public int pictureId() { return pictureId; }

    /** TL0PICIDX, or -1 when absent. */
    public int tl0PicIdx() { return tl0PicIdx; }

    /** The payload starts a VP8 key frame (S=1, PID=0, P=0). */
    public boolean keyframe() { return keyframe; }

    @Override
    public boolean isFrameStart(byte[] buf, int off, int len) {
        return parseDescriptor(buf, off, len) > 0 && startOfPartition && partitionId == 0 && len > descriptorLength;
    }

    @Override
    public void beginFrame() {
        frameStarted = false;
    }

    @Override
    public DepacketizeResult append(EncodedFrame frame, byte[] buf, int off, int len, int maxFrameBytes) {
        int d = parseDescriptor(buf, off, len);
        if (d < 0) {
            return DepacketizeResult.MALFORMED;
        }
        if (!frameStarted) {
            // §4.4: a frame begins with S=1, PID=0, and its first octet is the VP8 payload header.
            if (!startOfPartition || partitionId != 0 || len == d) {
                return DepacketizeResult.MALFORMED;
            }
            frameStarted = true;
            frame.keyframe(keyframe);
        }
        int n = len - d;
        if (n > maxFrameBytes - frame.length()) {
            return DepacketizeResult.OVERSIZE;
        }
        frame.append(buf, off + d, n);
        return DepacketizeResult.OK;
    }

    @Override
    public DepacketizeResult finishFrame(EncodedFrame frame) {
        return frameStarted && frame.length() > 0 ? DepacketizeResult.OK : DepacketizeResult.MALFORMED;
    }
}
