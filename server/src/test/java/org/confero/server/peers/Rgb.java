package org.confero.server.peers;

import java.util.Locale;

/** One 8-bit RGB colour, as sampled from a decoded frame, a snapshot or a browser's video element. */
public record Rgb(int r, int g, int b) {
    /** ffmpeg's {@code red}, {@code lime}, {@code blue}, {@code yellow}, {@code white}, {@code black}. */
    public static final Rgb RED = new Rgb(255, 0, 0);
    public static final Rgb LIME = new Rgb(0, 255, 0);
    public static final Rgb BLUE = new Rgb(0, 0, 255);
    public static final Rgb YELLOW = new Rgb(255, 255, 0);
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb BLACK = new Rgb(0, 0, 0);

    /**
     * baresip's fakevideo bars as they arrive after a round trip through YUV 4:2:0 (measured on this machine):
     * red, green, blue from left to right.
     */
    public static final Rgb FAKEVIDEO_RED = new Rgb(235, 15, 16);
    public static final Rgb FAKEVIDEO_GREEN = new Rgb(15, 233, 15);
    public static final Rgb FAKEVIDEO_BLUE = new Rgb(16, 15, 235);

    public Rgb {
        if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
            throw new IllegalArgumentException("not an 8-bit colour: " + r + "," + g + "," + b);
        }
    }

    /** The largest difference of any one channel: the measure the pixel oracle's tolerances use. */
    public int maxChannelDifference(Rgb other) {
        return Math.max(Math.abs(r - other.r), Math.max(Math.abs(g - other.g), Math.abs(b - other.b)));
    }

    public boolean isCloseTo(Rgb other, int tolerance) {
        return maxChannelDifference(other) <= tolerance;
    }

    /** {@code #rrggbb}, the notation ffmpeg's colour source and CSS both take. */
    public String hex() {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    @Override
    public String toString() {
        return r + "," + g + "," + b;
    }
}
