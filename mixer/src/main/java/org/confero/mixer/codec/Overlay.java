package org.confero.mixer.codec;

/**
 * A small grey-level bitmap with coverage, drawn over a picture: {@code luma} is the colour (0 black .. 255
 * white) and {@code alpha} how much of it covers the picture (0 none .. 255 fully), row-major.
 */
public record Overlay(int width, int height, byte[] luma, byte[] alpha) {
    public Overlay {
        if (width < 1 || height < 1 || luma.length < width * height || alpha.length < width * height) {
            throw new IllegalArgumentException("overlay " + width + "x" + height + " does not match its arrays");
        }
    }
}
