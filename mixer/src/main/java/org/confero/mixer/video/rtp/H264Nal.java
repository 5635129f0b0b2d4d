package org.confero.mixer.video.rtp;

/** NAL unit types (H.264 Table 7-1, RFC 6184 §5.2) and Annex B scanning shared by the H.264 (de)packetizer. */
final class H264Nal {
    static final int SLICE = 1;
    static final int IDR = 5;
    static final int SEI = 6;
    static final int SPS = 7;
    static final int PPS = 8;
    static final int AUD = 9;
    /** RFC 6184 §5.7.1. */
    static final int STAP_A = 24;
    /** RFC 6184 §5.8. */
    static final int FU_A = 28;

    private H264Nal() {}

    static int type(byte header) {
        return header & 0x1f;
    }

    /**
     * True when a NAL unit of this type, whose bytes after the header start with {@code firstPayloadByte}
     * (or -1 if there are none), can only be the first NAL of an access unit or the first slice of a picture.
     * A slice header starts with first_mb_in_slice as ue(v) (H.264 §7.3.3): a leading 1 bit means 0.
     */
    static boolean startsPicture(int type, int firstPayloadByte) {
        return switch (type) {
            case SPS, PPS, AUD, SEI -> true;
            case SLICE, IDR -> firstPayloadByte >= 0 && (firstPayloadByte & 0x80) != 0;
            default -> false;
        };
    }

    /** Index of the next {@code 00 00 01} in {@code buf[from, to)}, or -1. */
    static int findStartCode(byte[] buf, int from, int to) {
        for (int i = from; i + 2 < to; i++) {
            if (buf[i + 2] > 1) {
                i += 2; // neither of the next two positions can start 00 00 01
            } else if (buf[i] == 0 && buf[i + 1] == 0 && buf[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}
