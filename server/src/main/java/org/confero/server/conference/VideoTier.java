package org.confero.server.conference;

/**
 * The sizes the room's composite is encoded in. A receiver subscribes to one: the largest its SDP allows and
 * its measured bandwidth sustains.
 */
public enum VideoTier {
    HD(1280, 720, 1_500_000),
    SD(640, 360, 600_000),
    LD(320, 180, 200_000);

    private final int width;
    private final int height;
    private final int bitrate;

    VideoTier(int width, int height, int bitrate) {
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

    /** Target bits per second of the tier's encoder. */
    public int bitrate() {
        return bitrate;
    }

    /** 16×16 macroblocks per picture, the unit of H.264 levels and VP8 {@code max-fs} (RFC 7741 §6.1). */
    public int macroblocks() {
        return ((width + 15) / 16) * ((height + 15) / 16);
    }

    /** The next smaller tier, or this one when it is the smallest. */
    public VideoTier smaller() {
        return this == HD ? SD : LD;
    }

    /** The next larger tier, or this one when it is the largest. */
    public VideoTier larger() {
        return this == LD ? SD : HD;
    }

    /** The mixer's encoder size for this tier. */
    org.confero.mixer.video.Tier mixerTier() {
        return switch (this) {
            case HD -> org.confero.mixer.video.Tier.P720;
            case SD -> org.confero.mixer.video.Tier.P360;
            case LD -> org.confero.mixer.video.Tier.P180;
        };
    }

    /** The largest tier within a peer's limits (0 means no limit). */
    public static VideoTier largestWithin(int maxMacroblocks, int maxBitrateKbps) {
        for (VideoTier t : values()) {
            boolean fits = maxMacroblocks == 0 || t.macroblocks() <= maxMacroblocks;
            boolean affordable = maxBitrateKbps == 0 || t.bitrate() / 1000 <= maxBitrateKbps;
            if (fits && affordable) {
                return t;
            }
        }
        return LD;
    }
}
