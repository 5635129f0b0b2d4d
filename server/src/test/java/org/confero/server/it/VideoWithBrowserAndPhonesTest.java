package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.Rgb;
import org.confero.server.peers.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baresip phone with video, a baresip desk phone without video and headless Chromium with a blue camera in one
 * room: everyone sees everyone. Three participants make a 2×2 grid in join order: the video phone top left, the
 * desk phone (its initials) top right, the browser bottom left.
 */
class VideoWithBrowserAndPhonesTest {
    /** The initials tile's background (Y 40, U 136, V 124) as RGB. */
    private static final Rgb PLACEHOLDER = new Rgb(22, 28, 44);
    private static final int TOLERANCE = 35;
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aVideoPhoneADeskPhoneAndABrowserSeeEachOther(@TempDir Path dir) throws Exception {
        Path blue = FfmpegTools.solidColourY4m(dir.resolve("blue.y4m"), "blue", 640, 360);
        try (BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone camera = phones.add(BaresipPhone.builder("camera").tone(500).codecs(PhoneCodec.PCMU)
                    .video(VideoCodec.VP8));
            camera.dial(server.roomUri("demo"));
            camera.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            BaresipPhone desk = phones.add(BaresipPhone.builder("desk").tone(800).codecs(PhoneCodec.PCMU));
            desk.dial(server.roomUri("demo"));
            desk.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));

            try (ChromiumPage page = ChromiumPage.start(blue)) {
                page.join("http://127.0.0.1:" + server.httpPort(), "demo", "Chromium");
                page.awaitConnected(Duration.ofSeconds(15));
                BrowserVideo video = BrowserVideo.ofConferoClient(page);
                BrowserVideo.InboundVideo first = video.awaitFramesDecoded(10, Duration.ofSeconds(15));

                // the browser's composite: the phone's three bars, the desk phone's initials tile, its own camera
                List<Rgb> seen = video.awaitPixels(px -> px.get(0).isCloseTo(Rgb.FAKEVIDEO_RED, TOLERANCE)
                                && px.get(1).isCloseTo(Rgb.FAKEVIDEO_GREEN, TOLERANCE)
                                && px.get(2).isCloseTo(Rgb.FAKEVIDEO_BLUE, TOLERANCE)
                                && px.get(3).isCloseTo(PLACEHOLDER, TOLERANCE)
                                && px.get(4).isCloseTo(Rgb.BLUE, TOLERANCE),
                        Duration.ofSeconds(10),
                        1.0 / 12, 0.2, 3.0 / 12, 0.2, 5.0 / 12, 0.2, // the video phone's bars, top left
                        0.52, 0.03, // the desk phone's tile corner, top right
                        0.25, 0.7); // the browser's own camera, bottom left
                BrowserVideo.InboundVideo later = video.awaitFramesDecoded(first.framesDecoded() + 30,
                        Duration.ofSeconds(10));
                System.out.printf("video with browser and phones: browser decodes %s %dx%d, %d frames; pixels %s%n",
                        later.codec(), later.frameWidth(), later.frameHeight(), later.framesDecoded(), seen);
                assertThat(later.frameWidth()).isGreaterThanOrEqualTo(640);
                assertThat(initialsAreDrawn(video)).as("the desk phone's tile shows its initials").isTrue();

                // the video phone's composite shows the browser's camera where the browser's tile is
                RgbImage phoneSees = awaitSnapshot(camera, img -> img.rgbAtFraction(0.25, 0.7)
                        .isCloseTo(Rgb.BLUE, TOLERANCE));
                System.out.printf("video with browser and phones: the phone sees %dx%d, browser tile %s%n",
                        phoneSees.width(), phoneSees.height(), phoneSees.rgbAtFraction(0.25, 0.7));
            }
            camera.hangup();
            desk.hangup();
        }
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(15)))
                .as("no leg left").isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(5)))
                .as("no FFmpeg context left").isTrue();
    }

    /** Somewhere across the middle of the desk phone's tile, the initials' bright strokes. */
    private static boolean initialsAreDrawn(BrowserVideo video) {
        double[] row = new double[40];
        for (int i = 0; i < 20; i++) {
            row[2 * i] = 0.6 + 0.3 * i / 19;
            row[2 * i + 1] = 0.25;
        }
        return video.pixels(row).stream().anyMatch(p -> p.r() > 150 && p.g() > 150 && p.b() > 150);
    }

    private static RgbImage awaitSnapshot(BaresipPhone phone, java.util.function.Predicate<RgbImage> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RgbImage last = null;
        while (System.nanoTime() < deadline) {
            last = phone.snapshotOfWhatItSees(Duration.ofSeconds(5));
            if (wanted.test(last)) {
                return last;
            }
        }
        throw new AssertionError("the phone never saw the browser's camera; last snapshot "
                + (last == null ? "none" : last.width() + "x" + last.height() + " browser tile "
                + last.rgbAtFraction(0.25, 0.7)));
    }
}
