package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.FfmpegToneSender;
import org.confero.server.peers.FfmpegVideoSender;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.Rgb;
import org.confero.server.peers.RgbImage;
import org.confero.server.peers.RtpVideoProbe;
import org.confero.server.peers.RtpVideoReceiver;
import org.confero.server.peers.SippVideoCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the room's picture behaves as people talk, come, go and lose pictures: SIPp room systems with ffmpeg
 * senders, a viewer decoded by ffmpeg or watched packet by packet.
 */
class VideoRoomBehaviourTest {
    private static final Duration HOLD = Duration.ofSeconds(9);
    private static final int TOLERANCE = 30;
    /** The initials tile's background (Y 40, U 136, V 124) as RGB. */
    private static final Rgb PLACEHOLDER = new Rgb(22, 28, 44);
    private static RunningServer server;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<SippVideoCall> calls = new ArrayList<>();

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

    @AfterEach
    void hangUpAndCheckNothingLeaks() throws Exception {
        for (SippVideoCall call : calls) {
            call.awaitResult(); // the room systems hang up with BYE at the end of their hold time
        }
        calls.clear();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(15)))
                .as("no leg left").isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(5)))
                .as("no FFmpeg context left").isTrue();
        server.server().media().setLayout("demo", "grid");
    }

    /** A room system sending a colour; its audio port is free for a tone sender. */
    private record Sender(SippVideoCall call, FfmpegVideoSender video, SippVideoCall.Ports server, int audioPort) {}

    private Sender sender(String colour, VideoCodec codec, Duration hold) {
        int local = FreePorts.udpPair();
        int audio = FreePorts.udpPair();
        SippVideoCall call = SippVideoCall.start(server.sipPort(), "demo", colour, codec, audio, local,
                SippVideoCall.Direction.SENDONLY, hold);
        open.add(call);
        calls.add(call);
        SippVideoCall.Ports ports = call.awaitPorts(Duration.ofSeconds(10));
        FfmpegVideoSender video = FfmpegVideoSender.builder(codec, ports.video()).colour(colour).localRtpPort(local)
                .payloadType(96).duration(hold).start();
        open.add(video);
        return new Sender(call, video, ports, audio);
    }

    private RtpVideoReceiver viewer() {
        return viewer(HOLD);
    }

    private RtpVideoReceiver viewer(Duration hold) {
        int port = FreePorts.udpPair();
        RtpVideoReceiver rx = RtpVideoReceiver.builder(VideoCodec.VP8, port).payloadType(96).maxLifetime(hold.plusSeconds(5))
                .start();
        open.add(rx);
        SippVideoCall call = SippVideoCall.start(server.sipPort(), "demo", "Viewer", VideoCodec.VP8,
                FreePorts.udpPair(), port, SippVideoCall.Direction.RECVONLY, hold);
        open.add(call);
        calls.add(call);
        call.awaitPorts(Duration.ofSeconds(10));
        return rx;
    }

    @Test
    void theSpeakerLayoutFollowsTheLoudestTalkerWithinTwoSeconds() {
        Sender red = sender("red", VideoCodec.VP8, HOLD);
        Sender blue = sender("blue", VideoCodec.H264, HOLD);
        RtpVideoReceiver rx = viewer();
        server.server().media().setLayout("demo", "speaker");
        FfmpegToneSender redTalks = FfmpegToneSender.start(red.server().audio(), red.audioPort(), 500,
                Duration.ofSeconds(4));
        open.add(redTalks);
        rx.awaitFrameMatching(i -> i.rgbAtFraction(0.5, 0.375).isCloseTo(Rgb.RED, TOLERANCE), Duration.ofSeconds(6));
        redTalks.close();
        long blueStarts = System.nanoTime();
        open.add(FfmpegToneSender.start(blue.server().audio(), blue.audioPort(), 900, Duration.ofSeconds(6)));
        rx.awaitFrameMatching(i -> i.rgbAtFraction(0.5, 0.375).isCloseTo(Rgb.BLUE, TOLERANCE), Duration.ofSeconds(6));
        long millis = (System.nanoTime() - blueStarts) / 1_000_000;
        System.out.printf("video speaker layout: the new talker filled the stage %d ms after it began%n", millis);
        assertThat(millis).as("the stage follows the new talker within 2 s").isLessThan(2_000);
    }

    @Test
    void aLateViewerJoinsTheRunningStreamAtAKeyframe() {
        sender("red", VideoCodec.VP8, HOLD);
        RtpVideoReceiver first = viewer();
        first.awaitFrameMatching(i -> i.rgbAtFraction(0.25, 0.5).isCloseTo(Rgb.RED, TOLERANCE), Duration.ofSeconds(6));
        long joined = System.nanoTime();
        RtpVideoReceiver late = viewer();
        // three participants now: a 2×2 grid, red top left
        late.awaitFrameMatching(i -> i.rgbAtFraction(0.25, 0.25).isCloseTo(Rgb.RED, TOLERANCE),
                Duration.ofSeconds(6));
        System.out.printf("video late viewer: first picture %d ms after joining a running stream%n",
                (System.nanoTime() - joined) / 1_000_000);
    }

    @Test
    void aPliBringsAKeyframeWithinASecondAndAStormOfAHundredBringsAtMostThree() throws Exception {
        sender("lime", VideoCodec.VP8, HOLD);
        int probePort = FreePorts.udpPair();
        RtpVideoProbe probe = new RtpVideoProbe(probePort);
        open.add(probe);
        SippVideoCall call = SippVideoCall.start(server.sipPort(), "demo", "Probe", VideoCodec.VP8,
                FreePorts.udpPair(), probePort, SippVideoCall.Direction.RECVONLY, HOLD);
        open.add(call);
        calls.add(call);
        int serverRtcp = call.awaitPorts(Duration.ofSeconds(10)).video() + 1;
        assertThat(Await.until(() -> probe.keyframes().size() >= 1, Duration.ofSeconds(5)))
                .as("a newcomer starts with a keyframe").isTrue();
        Thread.sleep(1_200); // past the encoder's keyframe window

        long sent = System.nanoTime();
        probe.sendPli(serverRtcp);
        assertThat(Await.until(() -> probe.keyframesSince(sent) >= 1, Duration.ofSeconds(2))).isTrue();
        long answeredMillis = (probe.keyframes().stream().filter(t -> t >= sent).findFirst().orElseThrow() - sent)
                / 1_000_000;
        Thread.sleep(1_200);

        long stormStart = System.nanoTime();
        for (int i = 0; i < 100; i++) { // 100 PLIs spread over one second
            long due = stormStart + i * 9_900_000L;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            probe.sendPli(serverRtcp);
        }
        Thread.sleep(800); // a request in the last window is served when it closes
        long storm = probe.keyframesSince(stormStart);
        System.out.printf("video keyframes: one PLI answered in %d ms; 100 PLIs in 1 s gave %d keyframes%n",
                answeredMillis, storm);
        assertThat(answeredMillis).as("a PLI brings a keyframe within 1 s").isLessThan(1_000);
        assertThat(storm).as("a storm of PLIs is coalesced").isBetween(1L, 3L);
        assertThat(server.server().metrics().counterValue("confero_video_keyframe_requests_received_total"))
                .isGreaterThanOrEqualTo(101);
    }

    @Test
    void aLeaverShrinksTheGridAndAStoppedSenderShowsItsInitialsWithinThreeSeconds() {
        Duration hold = Duration.ofSeconds(16);
        sender("red", VideoCodec.VP8, hold);
        Sender lime = sender("lime", VideoCodec.H264, hold);
        Sender leaver = sender("blue", VideoCodec.VP8, Duration.ofSeconds(7));
        sender("yellow", VideoCodec.H264, hold);
        RtpVideoReceiver rx = viewer(hold);
        rx.awaitFrameMatching(i -> i.tileMismatches(3, 2, Arrays.asList(Rgb.RED, Rgb.LIME, Rgb.BLUE, Rgb.YELLOW,
                null, null), TOLERANCE).isEmpty(), Duration.ofSeconds(6));

        // blue's room system hangs up: four participants left, a 2×2 grid
        assertThat(leaver.call().awaitResult().allCallsSucceeded()).isTrue();
        rx.awaitFrameMatching(i -> i.tileMismatches(2, 2, Arrays.asList(Rgb.RED, Rgb.LIME, Rgb.YELLOW, null),
                TOLERANCE).isEmpty(), Duration.ofSeconds(5));

        // lime's camera stops while its call goes on: its tile turns to initials
        long stopped = System.nanoTime();
        lime.video().close();
        rx.awaitFrameMatching(i -> i.rgbAtFraction(0.75, 0.05).isCloseTo(PLACEHOLDER, TOLERANCE),
                Duration.ofSeconds(5));
        long millis = (System.nanoTime() - stopped) / 1_000_000;
        System.out.printf("video placeholder: a stopped sender showed its initials after %d ms%n", millis);
        assertThat(millis).as("placeholder within 3 s").isLessThan(3_000);
    }

    @Test
    void thirtyVideoCallsComingAndGoingLeaveNoCodecContextAndBoundedMemory() throws Exception {
        long rssBefore = rssKib();
        for (int i = 0; i < 30; i++) {
            Sender s = sender(i % 2 == 0 ? "red" : "blue", i % 2 == 0 ? VideoCodec.VP8 : VideoCodec.H264,
                    Duration.ofMillis(1_500));
            assertThat(s.call().awaitResult().allCallsSucceeded()).as("call %d", i).isTrue();
            s.video().close();
            open.clear();
            calls.clear();
        }
        assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(10))).isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(5))).isTrue();
        long rssAfter = rssKib();
        System.out.printf("video churn: 30 video calls came and went; RSS %d MiB before, %d MiB after%n",
                rssBefore / 1024, rssAfter / 1024);
        assertThat(rssAfter - rssBefore).as("RSS growth over 30 calls (KiB)").isLessThan(256 * 1024);
    }

    private static long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
