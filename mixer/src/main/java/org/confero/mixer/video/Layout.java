package org.confero.mixer.video;

/** How a room's picture is arranged. */
public enum Layout {
    /** Everyone in equal tiles: 1, 2×1, 2×2, 3×2, 3×3, 4×4 or 5×5 (the first 25 sources in join order). */
    GRID,
    /** The active speaker large, the others in a strip below. */
    SPEAKER,
    /** The presenter's source (a screen share) large, the people in a strip below; as SPEAKER when none is set. */
    PRESENTER
}
