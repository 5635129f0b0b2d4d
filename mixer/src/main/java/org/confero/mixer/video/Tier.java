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
}
