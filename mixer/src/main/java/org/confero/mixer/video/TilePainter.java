package org.confero.mixer.video;

import org.confero.mixer.codec.FrameScaler;
import org.confero.mixer.codec.Overlay;
import org.confero.mixer.codec.PictureRef;
import org.confero.mixer.codec.YuvImage;

/**
 * Draws one source into one tile of the canvas: its latest picture scaled straight into the tile (aspect kept,
 * black bars), or, without a current picture, a placeholder of initials on a dark background; then the name
 * label, and a coloured border while the participant speaks. Text overlays are cached on the source and
 * re-rendered only when the name or the tile size changes. Compositor tick only.
 */
final class TilePainter implements AutoCloseable {
    /** BT.601 limited range. */
    static final int[] BLACK = {16, 128, 128};
    static final int[] PLACEHOLDER = {40, 136, 124};
    static final int[] SPEAKING = {145, 54, 34};
    static final int BORDER = 4;
    private static final int LABEL_MARGIN = 6;

    private final YuvImage canvas;
    private final FrameScaler scaler = new FrameScaler(48);
    private final PictureRef held = new PictureRef();

    TilePainter(YuvImage canvas) {
        this.canvas = canvas;
    }

    /** @return true if the tile shows video, false for the placeholder */
    boolean paint(VideoSource source, Tile tile, boolean video) {
        boolean shown = video && source.picture().take(held);
        if (shown) {
            try {
                Tile content = fitted(source, tile, held.width(), held.height());
                shown = scaler.scale(held, canvas, content.x(), content.y(), content.width(), content.height());
            } finally {
                held.release();
            }
        }
        if (!shown) {
            fill(tile, PLACEHOLDER);
            Overlay initials = initials(source, tile);
            if (initials != null) {
                canvas.draw(initials, tile.centreX() - initials.width() / 2, tile.centreY() - initials.height() / 2);
            }
        }
        Overlay label = label(source, tile);
        if (label != null) {
            canvas.draw(label, tile.x() + LABEL_MARGIN, tile.y() + tile.height() - label.height() - LABEL_MARGIN);
        }
        if (source.speaking()) {
            border(tile, SPEAKING);
        }
        return shown;
    }

    void fill(Tile tile, int[] yuv) {
        canvas.fill(tile.x(), tile.y(), tile.width(), tile.height(), yuv[0], yuv[1], yuv[2]);
    }

    private void border(Tile t, int[] c) {
        canvas.fill(t.x(), t.y(), t.width(), BORDER, c[0], c[1], c[2]);
        canvas.fill(t.x(), t.y() + t.height() - BORDER, t.width(), BORDER, c[0], c[1], c[2]);
        canvas.fill(t.x(), t.y(), BORDER, t.height(), c[0], c[1], c[2]);
        canvas.fill(t.x() + t.width() - BORDER, t.y(), BORDER, t.height(), c[0], c[1], c[2]);
    }

    private static Overlay label(VideoSource source, Tile tile) {
        String name = source.displayName();
        int maxWidth = tile.width() - 2 * LABEL_MARGIN;
        if (!name.equals(source.labelText) || maxWidth != source.labelMaxWidth) {
            source.labelText = name;
            source.labelMaxWidth = maxWidth;
            source.label = tile.height() < 4 * TextRenderer.LABEL_FONT_PX ? null : TextRenderer.label(name, maxWidth);
        }
        return source.label;
    }

    private static Overlay initials(VideoSource source, Tile tile) {
        String name = source.displayName();
        int size = Math.min(tile.height() * 2 / 5, tile.width() / 4);
        if (!name.equals(source.initialsName) || size != source.initialsSize) {
            source.initialsName = name;
            source.initialsSize = size;
            source.initials = TextRenderer.initials(TextRenderer.initialsOf(name), size);
        }
        return source.initials;
    }

    /** The letterboxed rectangle, recomputed only when the tile or the source's size changes. */
    private static Tile fitted(VideoSource source, Tile tile, int width, int height) {
        if (tile != source.fitTile || width != source.fitWidth || height != source.fitHeight) {
            source.fitTile = tile;
            source.fitWidth = width;
            source.fitHeight = height;
            source.fitted = tile.fit(width, height);
        }
        return source.fitted;
    }

    long scalerRefusals() {
        return scaler.refused();
    }

    @Override
    public void close() {
        held.close();
        scaler.close();
    }
}
