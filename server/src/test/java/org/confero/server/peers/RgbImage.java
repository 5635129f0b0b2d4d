package org.confero.server.peers;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A decoded frame as 8-bit RGB: read from the binary PPM the ffmpeg pixel oracle writes, or from the PNG baresip's
 * snapshot module writes. Sampling averages a small patch, because codec noise and chroma subsampling make single
 * pixels unreliable while a flat area's mean is stable.
 */
public final class RgbImage {
    /** Pixels on each side of the sampled one that are averaged in: a 5×5 patch. */
    public static final int PATCH_RADIUS = 2;

    private final int width;
    private final int height;
    private final byte[] rgb;

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("bad image " + width + "x" + height + " with " + rgb.length + " bytes");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb.clone();
    }

    /** Reads a binary ({@code P6}) PPM with maxval 255, as {@code ffmpeg -c:v ppm -pix_fmt rgb24} writes it. */
    public static RgbImage readPpm(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsePpm(data, file.toString());
    }

    /** Parses PPM bytes; {@code source} names them in errors. */
    public static RgbImage parsePpm(byte[] data, String source) {
        if (data.length < 2 || data[0] != 'P' || data[1] != '6') {
            throw new IllegalArgumentException(source + ": not a binary PPM (P6)");
        }
        int[] header = new int[3]; // width, height, maxval
        int i = 2;
        for (int field = 0; field < 3; field++) {
            while (i < data.length && (Character.isWhitespace(data[i]) || data[i] == '#')) {
                if (data[i] == '#') { // a comment runs to the end of its line
                    while (i < data.length && data[i] != '\n') {
                        i++;
                    }
                }
                i++;
            }
            int start = i;
            while (i < data.length && Character.isDigit(data[i])) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException(source + ": truncated PPM header");
            }
            header[field] = Integer.parseInt(new String(data, start, i - start, StandardCharsets.US_ASCII));
        }
        if (header[2] != 255) {
            throw new IllegalArgumentException(source + ": PPM maxval " + header[2] + ", only 255 is supported");
        }
        int pixels = i + 1; // exactly one whitespace byte separates the header from the pixels
        int size = header[0] * header[1] * 3;
        if (data.length < pixels + size) {
            throw new IllegalArgumentException(source + ": PPM holds " + (data.length - pixels) + " pixel bytes, "
                    + header[0] + "x" + header[1] + " needs " + size);
        }
        byte[] rgb = new byte[size];
        System.arraycopy(data, pixels, rgb, 0, size);
        return new RgbImage(header[0], header[1], rgb);
    }

    /** Reads any image javax.imageio decodes (PNG from baresip's snapshot, a browser's data URL), alpha dropped. */
    public static RgbImage readImage(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
        if (image == null) {
            throw new IllegalArgumentException(file + ": not an image javax.imageio can read");
        }
        return of(image);
    }

    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y); // converts any colour model (palette, 16-bit, grey) to sRGB
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (argb >> 16);
                rgb[o + 1] = (byte) (argb >> 8);
                rgb[o + 2] = (byte) argb;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The exact pixel at ({@code x}, {@code y}). */
    public Rgb pixel(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + y + ") outside " + width + "x" + height);
        }
        int o = (y * width + x) * 3;
        return new Rgb(rgb[o] & 0xff, rgb[o + 1] & 0xff, rgb[o + 2] & 0xff);
    }

    /** The mean of the 5×5 patch around ({@code x}, {@code y}), clipped at the edges. */
    public Rgb rgbAt(int x, int y) {
        pixel(x, y); // bounds check
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int py = Math.max(0, y - PATCH_RADIUS); py <= Math.min(height - 1, y + PATCH_RADIUS); py++) {
            for (int px = Math.max(0, x - PATCH_RADIUS); px <= Math.min(width - 1, x + PATCH_RADIUS); px++) {
                int o = (py * width + px) * 3;
                r += rgb[o] & 0xff;
                g += rgb[o + 1] & 0xff;
                b += rgb[o + 2] & 0xff;
                n++;
            }
        }
        return new Rgb((int) Math.round((double) r / n), (int) Math.round((double) g / n),
                (int) Math.round((double) b / n));
    }

    /** {@link #rgbAt} at a position given as fractions of width and height (0.5, 0.5 is the centre). */
    public Rgb rgbAtFraction(double fx, double fy) {
        int x = Math.min(width - 1, Math.max(0, (int) (fx * width)));
        int y = Math.min(height - 1, Math.max(0, (int) (fy * height)));
        return rgbAt(x, y);
    }

    /** The colour at the centre of each tile of a {@code columns}×{@code rows} grid, row by row from top left. */
    public List<Rgb> tileCentres(int columns, int rows) {
        List<Rgb> centres = new ArrayList<>(columns * rows);
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                centres.add(rgbAtFraction((column + 0.5) / columns, (row + 0.5) / rows));
            }
        }
        return centres;
    }

    /**
     * Compares the tile centres of a grid with {@code expected} (row by row, null = do not care) and describes
     * each tile that differs by more than {@code tolerance} in any channel; empty when all match.
     */
    public List<String> tileMismatches(int columns, int rows, List<Rgb> expected, int tolerance) {
        if (expected.size() != columns * rows) {
            throw new IllegalArgumentException(expected.size() + " colours for " + columns + "x" + rows + " tiles");
        }
        List<Rgb> got = tileCentres(columns, rows);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            Rgb want = expected.get(i);
            if (want != null && !got.get(i).isCloseTo(want, tolerance)) {
                mismatches.add(String.format("tile %d (column %d, row %d) of %dx%d: got %s, expected %s ±%d",
                        i, i % columns, i / columns, width, height, got.get(i), want, tolerance));
            }
        }
        return mismatches;
    }

    /** True when every tile centre is within {@code tolerance} of {@code expected} (see {@link #tileMismatches}). */
    public boolean tilesMatch(int columns, int rows, List<Rgb> expected, int tolerance) {
        return tileMismatches(columns, rows, expected, tolerance).isEmpty();
    }

    /** Writes this image as a binary PPM, e.g. to keep a failing frame for a human. */
    public void writePpm(Path file) {
        byte[] header = ("P6\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + rgb.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(rgb, 0, out, header.length, rgb.length);
        try {
            Files.write(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + ", centre " + rgbAtFraction(0.5, 0.5) + "]";
    }
}
