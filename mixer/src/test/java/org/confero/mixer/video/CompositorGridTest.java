package org.confero.mixer.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.codec.VideoTestPictures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompositorGridTest {
    private static final int TOLERANCE = 14;
    private int contextsBefore;

    @BeforeEach
    void countContexts() {
        contextsBefore = NativeCodecs.openContexts();
    }

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isEqualTo(contextsBefore);
    }

    @ParameterizedTest(name = "{0} sources in {1} at {2}: each colour in its own tile")
    @CsvSource({"4, VP8, P360", "4, H264, P720", "1, VP8, P720", "2, H264, P360", "9, VP8, P720", "9, H264, P360"})
    void everySourceAppearsInItsOwnTile(int n, VideoCodec codec, Tier tier) {
        try (CompositorTestRig rig = new CompositorTestRig();
                CompositorTestRig.Receiver receiver = new CompositorTestRig.Receiver(codec, rig.clock)) {
            for (int i = 0; i < n; i++) {
                // Sources send both codecs: the compositor decodes whatever arrives.
                VideoCodec sent = i % 2 == 0 ? VideoCodec.VP8 : VideoCodec.H264;
                rig.addColour("p" + i, "Person " + i, sent, VideoTestPictures.COLOURS[i]);
            }
            try (Subscription ignored = rig.room.subscribe(codec, tier, receiver)) {
                rig.run(5);
            }
            assertThat(receiver.frames).isEqualTo(5);
            assertThat(receiver.picture().width()).isEqualTo(tier.width());
            double scale = tier.width() / 1280.0;
            List<Tile> tiles = LayoutGeometry.grid(n, 1280, 720);
            for (int i = 0; i < n; i++) {
                Tile tile = tiles.get(i);
                int[] yuv = receiver.yuvAt((int) (tile.centreX() * scale) & ~1, (int) (tile.centreY() * scale) & ~1);
                assertThat(VideoTestPictures.near(yuv, VideoTestPictures.COLOURS[i], TOLERANCE))
                        .as("tile %d centre %s expected %s", i, Arrays.toString(yuv),
                                Arrays.toString(VideoTestPictures.COLOURS[i]))
                        .isTrue();
            }
            VideoRoomStats stats = rig.room.stats();
            assertThat(stats.framesComposed()).isEqualTo(5);
            assertThat(stats.sources()).hasSize(n);
            assertThat(stats.sources().values()).allMatch(s -> s.framesDecoded() == 1);
        }
    }

    @Test
    void aSourceWithoutVideoShowsItsInitialsOnADarkTile() {
        try (CompositorTestRig rig = new CompositorTestRig();
                CompositorTestRig.Receiver receiver = new CompositorTestRig.Receiver(VideoCodec.VP8, rig.clock)) {
            rig.addColour("cam", "Camera Person", VideoCodec.VP8, VideoTestPictures.RED);
            VideoSource phone = rig.room.addSource("phone", "Desk Phone");
            phone.setHasVideo(false);
            try (Subscription ignored = rig.room.subscribe(VideoCodec.VP8, Tier.P720, receiver)) {
                rig.run(3);
            }
            List<Tile> tiles = LayoutGeometry.grid(2, 1280, 720);
            assertThat(VideoTestPictures.near(receiver.yuvAt(tiles.get(0).centreX(), tiles.get(0).centreY()),
                    VideoTestPictures.RED, TOLERANCE)).isTrue();
            assertPlaceholder(receiver, tiles.get(1));
        }
    }

    static void assertPlaceholder(CompositorTestRig.Receiver receiver, Tile tile) {
        int bright = 0;
        int dark = 0;
        int total = 0;
        // The initials cover the middle of the tile; the corners of that area stay background.
        for (int y = tile.centreY() - tile.height() / 5; y < tile.centreY() + tile.height() / 5; y += 2) {
            for (int x = tile.centreX() - tile.width() / 5; x < tile.centreX() + tile.width() / 5; x += 2) {
                int luma = VideoTestPictures.sample(receiver.picture(), 0, x, y);
                bright += luma > 180 ? 1 : 0;
                dark += luma < 70 ? 1 : 0;
                total++;
            }
        }
        assertThat(bright).as("initials: bright pixels in the centre area of %d", total).isGreaterThan(total / 50);
        assertThat(dark).as("dark background in the centre area of %d", total).isGreaterThan(total / 3);
        int[] corner = receiver.yuvAt(tile.x() + 20, tile.y() + 20);
        assertThat(corner[0]).as("placeholder background luma").isBetween(25, 60);
        for (int[] colour : VideoTestPictures.COLOURS) {
            assertThat(VideoTestPictures.near(corner, colour, TOLERANCE)).isFalse();
        }
    }
}
