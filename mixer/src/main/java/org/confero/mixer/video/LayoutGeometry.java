package org.confero.mixer.video;

import java.util.ArrayList;
import java.util.List;

/** Where the tiles of each layout go on a canvas. Pure arithmetic; results are cached by the compositor. */
final class LayoutGeometry {
    static final int MAX_GRID_TILES = 25;

    private LayoutGeometry() {
    }

    /** Columns of the grid for {@code n} tiles: 1, 2×1, 2×2, 3×2, 3×3, 4×4, 5×5. */
    static int columns(int n) {
        if (n <= 1) {
            return 1;
        }
        if (n <= 4) {
            return 2;
        }
        if (n <= 9) {
            return 3;
        }
        return n <= 16 ? 4 : 5;
    }

    static int rows(int n) {
        if (n <= 2) {
            return 1;
        }
        if (n <= 6) {
            return 2;
        }
        if (n <= 9) {
            return 3;
        }
        return n <= 16 ? 4 : 5;
    }

    /** {@code min(n, 25)} equal cells, row by row, the whole grid centred on the canvas. */
    static List<Tile> grid(int n, int canvasWidth, int canvasHeight) {
        int count = Math.min(n, MAX_GRID_TILES);
        List<Tile> tiles = new ArrayList<>(count);
        if (count == 0) {
            return tiles;
        }
        int cols = columns(count);
        int rows = rows(count);
        int cellW = canvasWidth / cols & ~1;
        int cellH = canvasHeight / rows & ~1;
        int left = (canvasWidth - cellW * cols) / 2 & ~1;
        int top = (canvasHeight - cellH * rows) / 2 & ~1;
        for (int i = 0; i < count; i++) {
            tiles.add(new Tile(left + i % cols * cellW, top + i / cols * cellH, cellW, cellH));
        }
        return tiles;
    }

    /**
     * One large tile (the top three quarters) and a strip of 16:9 tiles below it, centred. Returns the large
     * tile first, then at most as many strip tiles as fit (a room of one gets the whole canvas).
     */
    static List<Tile> featured(int others, int canvasWidth, int canvasHeight) {
        List<Tile> tiles = new ArrayList<>();
        if (others == 0) {
            tiles.add(new Tile(0, 0, canvasWidth & ~1, canvasHeight & ~1));
            return tiles;
        }
        int stripH = canvasHeight / 4 & ~1;
        int mainH = canvasHeight - stripH & ~1;
        tiles.add(new Tile(0, 0, canvasWidth & ~1, mainH));
        int stripW = stripH * 16 / 9 & ~1;
        int shown = Math.min(others, Math.max(1, canvasWidth / stripW));
        int left = (canvasWidth - shown * stripW) / 2 & ~1;
        for (int i = 0; i < shown; i++) {
            tiles.add(new Tile(left + i * stripW, mainH, stripW, stripH));
        }
        return tiles;
    }
}
