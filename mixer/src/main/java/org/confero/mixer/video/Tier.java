package org.confero.mixer.video;

/** The sizes a room's picture is encoded in, each shared by every receiver that picked it. */
public enum Tier {
    P720(1280, 720, 1_500_000),
    P360(640, 360, 600_000),
    P180(320, 180, 200_000);

    private final int width;
    private final int height;
    private final int bitrate;

    Tier(int width, int height, int bitrate) {
        this.width = width;
        this.height = height;
        this.bitrate = bitrate;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Target bits per second of the tier's encoders. */
    public int bitrate() {
        return bitrate;
    }

    /** 16×16 macroblocks per picture, the unit of H.264 levels and VP8 {@code max-fs} (RFC 7741 §6.1). */
    public int macroblocks() {
        return ((width + 15) / 16) * ((height + 15) / 16);
    }

    /** The next smaller tier, or this one when it is the smallest. */
    public Tier smaller() {
        return this == P720 ? P360 : P180;
    }

    /** The next larger tier, or this one when it is the largest. */
    public Tier larger() {
        return this == P180 ? P360 : P720;
    }

    /** The largest tier within a receiver's limits (0 means no limit). */
    public static Tier largestWithin(int maxMacroblocks, int maxBitrateKbps) {
        for (Tier t : values()) {
            boolean fits = maxMacroblocks == 0 || t.macroblocks() <= maxMacroblocks;
            boolean affordable = maxBitrateKbps == 0 || t.bitrate() / 1000 <= maxBitrateKbps;
            if (fits && affordable) {
                return t;
            }
        }
        return P180;
    }
}
