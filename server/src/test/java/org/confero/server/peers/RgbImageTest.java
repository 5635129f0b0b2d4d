package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RgbImageTest {

    @Test
    void aHandWrittenPpmWithACommentIsReadPixelByPixel() {
        byte[] header = "P6\n# made by hand\n2 1\n255\n".getBytes(StandardCharsets.US_ASCII);
        byte[] data = Arrays.copyOf(header, header.length + 6);
        byte[] pixels = {(byte) 255, 0, 10, 1, 2, (byte) 200};
        System.arraycopy(pixels, 0, data, header.length, 6);

        RgbImage image = RgbImage.parsePpm(data, "hand-made");

        assertThat(image.width()).isEqualTo(2);
        assertThat(image.height()).isEqualTo(1);
        assertThat(image.pixel(0, 0)).isEqualTo(new Rgb(255, 0, 10));
        assertThat(image.pixel(1, 0)).isEqualTo(new Rgb(1, 2, 200));
        assertThat(image.rgbAt(0, 0)).as("patch mean of both pixels").isEqualTo(new Rgb(128, 1, 105));
    }

    @Test
    void truncatedOrForeignFilesAreRefused() {
        assertThatThrownBy(() -> RgbImage.parsePpm("P6\n4 4\n255\n012".getBytes(StandardCharsets.US_ASCII), "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 48");
        assertThatThrownBy(() -> RgbImage.parsePpm("P3\n1 1\n255\n0 0 0".getBytes(StandardCharsets.US_ASCII), "ascii"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P6");
    }

    @Test
    void aPpmFromFfmpegShowsTheFourQuadrantsOfAGrid(@TempDir Path dir) {
        Path ppm = dir.resolve("grid.ppm");
        ChildProcess.Finished made = ChildProcess.run("ffmpeg", List.of("ffmpeg", "-nostdin", "-hide_banner",
                "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=32x18", "-f", "lavfi", "-i",
                "color=c=lime:s=32x18", "-f", "lavfi", "-i", "color=c=blue:s=32x18", "-f", "lavfi", "-i",
                "color=c=yellow:s=32x18", "-filter_complex", "xstack=inputs=4:layout=0_0|32_0|0_18|32_18",
                "-frames:v", "1", "-c:v", "ppm", "-pix_fmt", "rgb24", ppm.toString()), dir, dir.resolve("log"),
                Duration.ofSeconds(15));
        assertThat(made.succeeded()).as(made.output()).isTrue();

        RgbImage image = RgbImage.readPpm(ppm);

        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(36);
        List<Rgb> quadrants = List.of(Rgb.RED, Rgb.LIME, Rgb.BLUE, Rgb.YELLOW);
        // lavfi colours pass through YUV, so they come back a step or two off
        assertThat(image.tileMismatches(2, 2, quadrants, 3)).isEmpty();
        assertThat(image.tileMismatches(2, 2, List.of(Rgb.LIME, Rgb.RED, Rgb.BLUE, Rgb.YELLOW), 20))
                .hasSize(2).first().asString().contains("tile 0", "expected 0,255,0");
    }

    @Test
    void aPngIsReadThroughImageIoAndRoundTripsThroughPpm(@TempDir Path dir) throws Exception {
        BufferedImage bars = new BufferedImage(30, 10, BufferedImage.TYPE_INT_ARGB);
        int[] colours = {0xffeb0f10, 0xff0fe90f, 0xff100feb};
        for (int x = 0; x < 30; x++) {
            for (int y = 0; y < 10; y++) {
                bars.setRGB(x, y, colours[x / 10]);
            }
        }
        Path png = dir.resolve("bars.png");
        ImageIO.write(bars, "png", png.toFile());

        RgbImage image = RgbImage.readImage(png);
        assertThat(image.tileCentres(3, 1)).containsExactly(Rgb.FAKEVIDEO_RED, Rgb.FAKEVIDEO_GREEN,
                Rgb.FAKEVIDEO_BLUE);

        Path ppm = dir.resolve("bars.ppm");
        image.writePpm(ppm);
        assertThat(Files.size(ppm)).isEqualTo("P6\n30 10\n255\n".length() + 30 * 10 * 3);
        assertThat(RgbImage.readPpm(ppm).tileCentres(3, 1)).isEqualTo(image.tileCentres(3, 1));
        assertThatThrownBy(() -> RgbImage.readImage(ppm.resolveSibling("missing.png")))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void coloursCompareByTheirLargestChannelDifference() {
        assertThat(new Rgb(250, 10, 5).maxChannelDifference(Rgb.RED)).isEqualTo(10);
        assertThat(new Rgb(250, 10, 5).isCloseTo(Rgb.RED, 10)).isTrue();
        assertThat(new Rgb(250, 10, 5).isCloseTo(Rgb.RED, 9)).isFalse();
        assertThat(Rgb.YELLOW.hex()).isEqualTo("#ffff00");
        assertThatThrownBy(() -> new Rgb(256, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
