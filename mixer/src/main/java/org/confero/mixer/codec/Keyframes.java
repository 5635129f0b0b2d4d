package org.confero.mixer.codec;

import org.confero.mixer.video.VideoCodec;

/** Reads just enough of a compressed frame to tell a keyframe, before handing it to a decoder. */
final class Keyframes {
    private static final int H264_IDR = 5;

    private Keyframes() {
    }

    static boolean isKeyframe(VideoCodec codec, byte[] data, int length) {
        return codec == VideoCodec.VP8 ? vp8Keyframe(data, length) : h264HasIdr(data, length);
    }

    /** RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame. */
    static boolean vp8Keyframe(byte[] data, int length) {
        return length >= 10 && (data[0] & 1) == 0;
    }

    /**
     * RFC 6386 §9.1: a key frame's start code {@code 9d 01 2a} is followed by 14-bit width and height. Checked
     * before decoding so a hostile header is refused without the decoder sizing buffers for it.
     */
    static boolean vp8SizeAcceptable(byte[] data, int length, int maxWidth, int maxHeight) {
        if (length < 10 || (data[3] & 0xFF) != 0x9d || data[4] != 0x01 || data[5] != 0x2a) {
            return false;
        }
        int width = ((data[6] & 0xFF) | (data[7] & 0xFF) << 8) & 0x3FFF;
        int height = ((data[8] & 0xFF) | (data[9] & 0xFF) << 8) & 0x3FFF;
        return width > 0 && height > 0 && width <= maxWidth && height <= maxHeight;
    }

    /** True if any NAL unit of the Annex B access unit is an IDR slice (ITU-T H.264 §7.4.1.2.3). */
    static boolean h264HasIdr(byte[] data, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if ((data[i + 3] & 0x1F) == H264_IDR) {
                    return true;
                }
                i += 2;
            }
        }
        return false;
    }
}
