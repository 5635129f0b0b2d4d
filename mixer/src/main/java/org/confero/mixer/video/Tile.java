package org.confero.mixer.video;

/** A rectangle of the canvas, in pixels; even coordinates and sizes keep 4:2:0 chroma aligned. */
public record Tile(int x, int y, int width, int height) {
    public Tile {
        if (x < 0 || y < 0 || width < 2 || height < 2 || ((x | y | width | height) & 1) != 0) {
            throw new IllegalArgumentException("tile " + x + "," + y + " " + width + "x" + height);
        }
    }

    public int centreX() {
        return x + width / 2;
    }

    public int centreY() {
        return y + height / 2;
    }

    /** The largest rectangle of the source's aspect ratio centred in this tile (letterbox or pillarbox). */
    public Tile fit(int sourceWidth, int sourceHeight) {
        int w = width;
        int h = height;
        if ((long) sourceWidth * height > (long) sourceHeight * width) {
            h = (int) ((long) width * sourceHeight / sourceWidth);
        } else {
            w = (int) ((long) height * sourceWidth / sourceHeight);
        }
        w = Math.max(2, w & ~1);
        h = Math.max(2, h & ~1);
        return new Tile(x + ((width - w) / 2 & ~1), y + ((height - h) / 2 & ~1), w, h);
    }
}
