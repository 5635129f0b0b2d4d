package org.confero.mixer.video;

/**
 * One compressed video frame, reused by its producer (frame assembler, encoder): the bytes are valid until the
 * producer's next frame, so a consumer that keeps them copies them.
 *
 * <p>H.264 frames are an Annex B byte stream (start code {@code 00 00 00 01} before every NAL unit), with the
 * stream's SPS and PPS in front of every IDR frame; VP8 frames are the bare VP8 frame (RFC 6386) without the
 * RTP payload descriptor.
 */
public final class EncodedFrame {
    private final VideoCodec codec;
    private byte[] data;
    private int length;
    private long rtpTimestamp;
    private boolean keyframe;
    private long arrivalNanos;

    public EncodedFrame(VideoCodec codec, int initialCapacity) {
        this.codec = codec;
        this.data = new byte[Math.max(initialCapacity, 1024)];
    }

    public VideoCodec codec() {
        return codec;
    }

    /** The backing array; bytes {@code [0, length())} are the frame. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    /** 32-bit RTP timestamp (90 kHz) of the frame, as an unsigned value. */
    public long rtpTimestamp() {
        return rtpTimestamp;
    }

    public boolean keyframe() {
        return keyframe;
    }

    /** Starts a new frame: empties the bytes and sets its timestamp and kind. */
    public void reset(long rtpTimestamp, boolean keyframe) {
        this.length = 0;
        this.rtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        this.keyframe = keyframe;
    }

    public void keyframe(boolean keyframe) {
        this.keyframe = keyframe;
    }

    /** When the frame's last packet reached us ({@link System#nanoTime()}), 0 when unknown (an encoder's frame). */
    public long arrivalNanos() {
        return arrivalNanos;
    }

    public void arrivalNanos(long nanos) {
        this.arrivalNanos = nanos;
    }

    /** Appends bytes, growing the array when needed (rarely: arrays only grow, so steady state allocates nothing). */
    public void append(byte[] source, int offset, int count) {
        ensureCapacity(length + count);
        System.arraycopy(source, offset, data, length, count);
        length += count;
    }

    /** Appends the 4-byte Annex B start code {@code 00 00 00 01}. */
    public void appendStartCode() {
        ensureCapacity(length + 4);
        data[length] = 0;
        data[length + 1] = 0;
        data[length + 2] = 0;
        data[length + 3] = 1;
        length += 4;
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            data = java.util.Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
    }
}
