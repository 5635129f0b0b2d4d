package org.confero.mixer.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutGeometryTest {
    @ParameterizedTest(name = "{0} sources make a {1}x{2} grid inside the canvas without overlaps")
    @CsvSource({"1,1,1", "2,2,1", "3,2,2", "4,2,2", "5,3,2", "6,3,2", "7,3,3", "9,3,3", "10,4,4", "16,4,4",
            "17,5,5", "25,5,5", "40,5,5"})
    void gridsHaveTheAdvertisedShapes(int n, int cols, int rows) {
        List<Tile> tiles = LayoutGeometry.grid(n, 1280, 720);
        assertThat(tiles).hasSize(Math.min(n, 25));
        assertThat(tiles.get(0).width()).isEqualTo(1280 / cols & ~1);
        assertThat(tiles.get(0).height()).isEqualTo(720 / rows & ~1);
        for (Tile a : tiles) {
            assertThat(a.x() + a.width()).isLessThanOrEqualTo(1280);
            assertThat(a.y() + a.height()).isLessThanOrEqualTo(720);
            for (Tile b : tiles) {
                boolean overlap = a != b && a.x() < b.x() + b.width() && b.x() < a.x() + a.width()
                        && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
                assertThat(overlap).as("%s and %s", a, b).isFalse();
            }
        }
    }

    @Test
    void featuredLayoutPutsOneLargeTileAboveAStripOfAtMostFour() {
        assertThat(LayoutGeometry.featured(0, 1280, 720)).containsExactly(new Tile(0, 0, 1280, 720));
        List<Tile> tiles = LayoutGeometry.featured(7, 1280, 720);
        assertThat(tiles).hasSize(5);
        assertThat(tiles.get(0)).isEqualTo(new Tile(0, 0, 1280, 540));
        assertThat(tiles.subList(1, 5)).allMatch(t -> t.y() == 540 && t.width() == 320 && t.height() == 180);
    }

    @Test
    void tilesLetterboxAndPillarboxKeepingTheSourceAspect() {
        Tile cell = new Tile(0, 0, 640, 720);
        assertThat(cell.fit(640, 360)).isEqualTo(new Tile(0, 180, 640, 360));
        assertThat(new Tile(0, 0, 1280, 540).fit(640, 360)).isEqualTo(new Tile(160, 0, 960, 540));
        assertThat(new Tile(2, 2, 426, 240).fit(480, 640)).satisfies(t -> {
            assertThat(t.height()).isEqualTo(240);
            assertThat(t.width()).isEqualTo(180);
            assertThat(t.x() % 2).isZero();
        });
    }
}
