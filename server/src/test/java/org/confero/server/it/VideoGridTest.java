package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.FfmpegVideoSender;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.Rgb;
import org.confero.server.peers.RgbImage;
import org.confero.server.peers.RtpVideoReceiver;
import org.confero.server.peers.SippVideoCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Room systems dial a room by SIP (SIPp) and send solid colours as VP8 and H.264 (ffmpeg); a fifth room system
 * receives the composite, decoded by ffmpeg: every sender has its own grid tile.
 */
class VideoGridTest {
    private static final Duration HOLD = Duration.ofSeconds(12);
    private static final int TOLERANCE = 30;
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of("CONFERO_SIP_RTP_TIMEOUT", "5"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private record Sender(String colour, Rgb rgb, VideoCodec codec) {}

    @Test
    void fourColourSendersInVp8AndH264AppearInTheirOwnTilesOfTheFifthParticipantsComposite() throws Exception {
        List<Sender> senders = List.of(new Sender("red", Rgb.RED, VideoCodec.VP8),
                new Sender("lime", Rgb.LIME, VideoCodec.H264), new Sender("blue", Rgb.BLUE, VideoCodec.VP8),
                new Sender("yellow", Rgb.YELLOW, VideoCodec.H264));
        List<AutoCloseable> open = new ArrayList<>();
        List<SippVideoCall> calls = new ArrayList<>();
        try {
            for (Sender s : senders) {
                int local = FreePorts.udpPair();
                SippVideoCall call = SippVideoCall.start(server.sipPort(), "demo", s.colour(), s.codec(),
                        FreePorts.udpPair(), local, SippVideoCall.Direction.SENDONLY, HOLD);
                open.add(call);
                calls.add(call);
                SippVideoCall.Ports ports = call.awaitPorts(Duration.ofSeconds(10));
                open.add(FfmpegVideoSender.builder(s.codec(), ports.video()).colour(s.colour()).localRtpPort(local)
                        .payloadType(96).duration(HOLD).start());
            }
            int viewerPort = FreePorts.udpPair();
            RtpVideoReceiver viewer = RtpVideoReceiver.builder(VideoCodec.VP8, viewerPort).payloadType(96)
                    .maxLifetime(HOLD).start();
            open.add(viewer);
            SippVideoCall viewerCall = SippVideoCall.start(server.sipPort(), "demo", "Viewer", VideoCodec.VP8,
                    FreePorts.udpPair(), viewerPort, SippVideoCall.Direction.RECVONLY, HOLD);
            open.add(viewerCall);
            calls.add(viewerCall);
            viewerCall.awaitPorts(Duration.ofSeconds(10));
            long joined = System.nanoTime();

            // five participants: a 3×2 grid in join order; the viewer's own tile shows its initials
            List<Rgb> expected = Arrays.asList(Rgb.RED, Rgb.LIME, Rgb.BLUE, Rgb.YELLOW, null, null);
            RgbImage seen = viewer.awaitFrameMatching(i -> i.tileMismatches(3, 2, expected, TOLERANCE).isEmpty(),
                    Duration.ofSeconds(10));
            long millis = (System.nanoTime() - joined) / 1_000_000;
            System.out.printf("video grid: the viewer saw all four colours %d ms after joining (%dx%d)%n", millis,
                    seen.width(), seen.height());
            assertThat(seen.width()).isEqualTo(1280);
            assertThat(millis).as("every colour in its tile within 3 s of joining").isLessThan(3_000);
            // what an operator sees per leg: four senders' pictures decoded, the composite sent to the viewer
            var legs = server.server().media().legs();
            assertThat(legs).filteredOn(l -> l.video().framesDecoded() > 0).hasSize(4);
            assertThat(legs).filteredOn(l -> l.video().packetsSent() > 0).hasSize(1);
            for (SippVideoCall call : calls) {
                assertThat(call.awaitResult().allCallsSucceeded()).as("SIPp hung up with BYE and got 200").isTrue();
            }
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(15)))
                .as("no leg left").isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(5)))
                .as("no FFmpeg context left").isTrue();
    }
}
