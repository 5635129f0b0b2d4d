package org.confero.mixer.video;

import java.util.List;

/**
 * Decides, at each tick, which source goes in which tile: the layout's geometry (cached until the layout kind or
 * the number of sources changes) and the order of the sources in it. Compositor tick only.
 */
final class TileArrangement {
    private final int canvasWidth;
    private final int canvasHeight;
    private final VideoSource[] order;
    private List<Tile> tiles = List.of();
    private boolean tilesFeatured;
    private int tilesCount = -1;

    TileArrangement(int canvasWidth, int canvasHeight, int maxSources) {
        this.canvasWidth = canvasWidth;
        this.canvasHeight = canvasHeight;
        this.order = new VideoSource[maxSources];
    }

    /**
     * Arranges {@code all} (in join order) with {@code featured} large, or in a grid when it is null.
     *
     * @return how many sources are shown: {@link #source(int)} and {@link #tile(int)} below that index
     */
    int arrange(VideoSource[] all, VideoSource featured) {
        if (featured == null) {
            use(false, all.length);
            for (int i = 0; i < tiles.size(); i++) {
                order[i] = all[i];
            }
            return tiles.size();
        }
        use(true, all.length - 1);
        order[0] = featured;
        int n = 1;
        for (int i = 0; i < all.length && n < tiles.size(); i++) {
            if (all[i] != featured) {
                order[n++] = all[i];
            }
        }
        return n;
    }

    /** The source in tile {@code i} of the last arrangement. */
    VideoSource source(int i) {
        return order[i];
    }

    Tile tile(int i) {
        return tiles.get(i);
    }

    /** Drops the references of the last arrangement, so a removed source is not kept reachable. */
    void clear(int shown) {
        java.util.Arrays.fill(order, 0, shown, null);
    }

    /** The source to feature in {@code layout}: the presenter, else the speaker, else the first; null for a grid. */
    static VideoSource featured(Layout layout, VideoSource[] all, VideoSource presenter, VideoSource speaker) {
        if (layout == Layout.GRID || all.length == 0) {
            return null;
        }
        if (layout == Layout.PRESENTER && presenter != null) {
            return presenter;
        }
        return speaker != null ? speaker : all[0];
    }

    private void use(boolean featured, int count) {
        if (featured != tilesFeatured || count != tilesCount) {
            tiles = featured ? LayoutGeometry.featured(count, canvasWidth, canvasHeight)
                    : LayoutGeometry.grid(count, canvasWidth, canvasHeight);
            tilesFeatured = featured;
            tilesCount = count;
        }
    }
}
