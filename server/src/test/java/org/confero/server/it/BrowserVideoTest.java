package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.Rgb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the browser video checks with no Confero server: headless Chromium's fake camera plays a solid blue y4m
 * file, which one RTCPeerConnection sends to another in the same page; the stats and the pixels of the
 * receiving {@code <video>} are read as a room test reads them.
 */
@Timeout(40)
class BrowserVideoTest {
    /** Chromium's path adds a lossy codec and a YUV→RGB conversion of its own: the notes measured ≥ 30. */
    private static final int TOLERANCE = 30;

    private HttpServer http;

    @BeforeEach
    void serveThePage() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            byte[] page;
            try (InputStream in = BrowserVideoTest.class.getResourceAsStream("/it/video-loopback.html")) {
                page = in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "H264"})
    void aSolidBlueCameraIsReceivedAsBlueWithFrameStats(String codec, @TempDir Path dir) {
        Path blue = FfmpegTools.solidColourY4m(dir.resolve("blue.y4m"), "blue", 640, 360);
        try (ChromiumPage page = ChromiumPage.start(blue)) {
            page.open("http://127.0.0.1:" + http.getAddress().getPort() + "/?codec=" + codec);
            BrowserVideo video = new BrowserVideo(page, "window.test.pc", "#remote");

            BrowserVideo.InboundVideo in = video.awaitFramesDecoded(10, Duration.ofSeconds(15));
            List<Rgb> tiles = video.awaitColours(Collections.nCopies(4, Rgb.BLUE), TOLERANCE, Duration.ofSeconds(10),
                    BrowserVideo.tileCentres(2, 2));

            System.out.printf("%s: %s; tiles %s%n", codec, in, tiles);
            assertThat(page.script("return window.test.error")).isNull();
            assertThat(in.codec()).startsWith("video/" + codec);
            assertThat(in.frameWidth()).isEqualTo(640);
            assertThat(in.frameHeight()).isEqualTo(360);
            assertThat(in.keyFramesDecoded()).isGreaterThanOrEqualTo(1);
            assertThat(in.pliCount()).isGreaterThanOrEqualTo(0);
            assertThat(video.videoSize()).hasValueSatisfying(wh -> assertThat(wh).containsExactly(640, 360));
            assertThat(new BrowserVideo(page, "window.test.sender", "#remote").outboundVideo())
                    .hasValueSatisfying(out -> assertThat(out.framesEncoded()).isGreaterThan(0));
        }
    }
}
