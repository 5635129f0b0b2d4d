package org.confero.mixer.codec;

/**
 * Reads the picture size an H.264 SPS declares (ITU-T H.264 §7.3.2.1.1), so an access unit whose SPS asks for
 * an absurd size is refused before the decoder sees it. Parses only up to the cropping fields; any SPS it
 * cannot read is reported as unreadable, which the decoder treats as an error.
 */
final class H264SpsSize {
    static final long UNREADABLE = -1;
    private static final int NAL_SPS = 7;

    private final byte[] rbsp = new byte[256];
    private int length;
    private int bit;

    /**
     * Checks every SPS of an Annex B access unit.
     *
     * @return true if there is none, or each declares a readable size within the limits
     */
    boolean acceptable(byte[] data, int length, int maxWidth, int maxHeight) {
        for (int i = 0; i + 3 < length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if ((data[i + 3] & 0x1F) == NAL_SPS) {
                    long size = size(data, i + 4, length);
                    if (size == UNREADABLE || size >>> 32 > maxWidth || (size & 0xFFFF_FFFFL) > maxHeight) {
                        return false;
                    }
                }
                i += 2;
            }
        }
        return true;
    }

    /** Width in the high 32 bits and height in the low 32, or {@link #UNREADABLE}. */
    long size(byte[] data, int from, int end) {
        // Undo emulation prevention (§7.4.1): 00 00 03 -> 00 00.
        length = 0;
        int zeros = 0;
        for (int i = from; i < end && length < rbsp.length; i++) {
            int b = data[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            if (zeros >= 2 && b <= 2) {
                break; // the next start code
            }
            rbsp[length++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        bit = 0;
        try {
            return parse();
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            return UNREADABLE;
        }
    }

    private long parse() {
        int profile = u(8);
        u(16); // constraint flags, level
        ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chromaFormat = ue();
            if (chromaFormat == 3) {
                u(1);
            }
            ue(); // bit depth luma
            ue(); // bit depth chroma
            u(1);
            if (u(1) == 1) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (u(1) == 1) {
                        skipScalingList(i < 6 ? 16 : 64);
                    }
                }
            }
        }
        ue(); // log2_max_frame_num_minus4
        int pocType = ue();
        if (pocType == 0) {
            ue();
        } else if (pocType == 1) {
            u(1);
            se();
            se();
            int cycle = ue();
            if (cycle > 255) {
                return UNREADABLE;
            }
            for (int i = 0; i < cycle; i++) {
                se();
            }
        }
        ue(); // max_num_ref_frames
        u(1);
        long widthMbs = ue() + 1L;
        long heightUnits = ue() + 1L;
        int frameMbsOnly = u(1);
        if (frameMbsOnly == 0) {
            u(1);
        }
        u(1); // direct_8x8_inference_flag
        long width = widthMbs * 16;
        long height = heightUnits * 16 * (2 - frameMbsOnly);
        if (u(1) == 1) { // frame_cropping_flag, in chroma units (§7.4.2.1.1)
            int cropX = chromaFormat == 0 || chromaFormat == 3 ? 1 : 2;
            int cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
            width -= (long) cropX * (ue() + ue());
            height -= (long) cropY * (ue() + ue());
        }
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return UNREADABLE;
        }
        return width << 32 | height;
    }

    private void skipScalingList(int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    private int u(int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            if (bit >= length * 8) {
                throw new IndexOutOfBoundsException("SPS ends early");
            }
            value = value << 1 | (rbsp[bit >> 3] >> (7 - (bit & 7)) & 1);
            bit++;
        }
        return value;
    }

    private int ue() {
        int zeros = 0;
        while (u(1) == 0) {
            if (++zeros > 31) {
                throw new IndexOutOfBoundsException("exp-Golomb code too long");
            }
        }
        long value = (1L << zeros) - 1 + (zeros == 0 ? 0 : u(zeros) & 0xFFFF_FFFFL);
        if (value > Integer.MAX_VALUE) {
            throw new ArithmeticException("exp-Golomb value too large");
        }
        return (int) value;
    }

    private int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
