package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.Rgb;
import org.confero.server.peers.RtpVideoReceiver;
import org.confero.server.peers.SippVideoCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chromium shares its screen (a magenta canvas in place of the display): the room switches to the presenter
 * layout with the screen large, which a room system's composite shows; stopping brings the grid back.
 */
class ScreenShareTest {
    private static final Rgb MAGENTA = new Rgb(255, 0, 255);
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
    void aSharedScreenFillsTheStageOfEveryonesCompositeUntilSharingStops(@TempDir Path dir) throws Exception {
        Path blue = FfmpegTools.solidColourY4m(dir.resolve("blue.y4m"), "blue", 640, 360);
        Duration hold = Duration.ofSeconds(22);
        int viewerPort = FreePorts.udpPair();
        try (ChromiumPage page = ChromiumPage.start(blue);
                RtpVideoReceiver rx = RtpVideoReceiver.builder(VideoCodec.VP8, viewerPort).payloadType(96)
                        .maxLifetime(hold.plusSeconds(5)).start()) {
            page.join("http://127.0.0.1:" + server.httpPort(), "demo", "Presenter");
            page.awaitConnected(Duration.ofSeconds(15));
            try (SippVideoCall viewer = SippVideoCall.start(server.sipPort(), "demo", "Viewer", VideoCodec.VP8,
                    FreePorts.udpPair(), viewerPort, SippVideoCall.Direction.RECVONLY, hold)) {
                viewer.awaitPorts(Duration.ofSeconds(10));
                // two participants side by side: the browser's camera on the left
                rx.awaitFrameMatching(i -> i.rgbAtFraction(0.25, 0.5).isCloseTo(Rgb.BLUE, TOLERANCE),
                        Duration.ofSeconds(10));

                page.script("const c = document.createElement('canvas'); c.width = 640; c.height = 360;"
                        + "const g = c.getContext('2d'); let n = 0; setInterval(() => {"
                        + " g.fillStyle = (n++ % 2) ? '#ff00ff' : '#fe00fe'; g.fillRect(0, 0, 640, 360); }, 50);"
                        + "navigator.mediaDevices.getDisplayMedia = async () => c.captureStream(15);");
                page.byTestId("share-button").click();
                assertThat(Await.until(() -> "presenter".equals(server.server().media().layout("demo")),
                        Duration.ofSeconds(10))).as("the room switches to the presenter layout").isTrue();
                rx.awaitFrameMatching(i -> i.rgbAtFraction(0.5, 0.375).isCloseTo(MAGENTA, TOLERANCE),
                        Duration.ofSeconds(15));

                page.byTestId("share-button").click();
                assertThat(Await.until(() -> "grid".equals(server.server().media().layout("demo")),
                        Duration.ofSeconds(10))).as("the grid comes back").isTrue();
                rx.awaitFrameMatching(i -> i.rgbAtFraction(0.25, 0.5).isCloseTo(Rgb.BLUE, TOLERANCE)
                        && !i.rgbAtFraction(0.75, 0.5).isCloseTo(MAGENTA, TOLERANCE), Duration.ofSeconds(10));
                System.out.printf("screen share: presenter layout with the screen large, then the grid again%n");
                assertThat(viewer.awaitResult().allCallsSucceeded()).as("the viewer hung up with BYE").isTrue();
            }
        }
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(15)))
                .as("no leg left").isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(5)))
                .as("no FFmpeg context left").isTrue();
    }
}
