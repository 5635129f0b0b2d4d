package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.FfmpegVideoSender;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.Rgb;
import org.confero.server.peers.RtpVideoReceiver;
import org.confero.server.peers.SippVideoCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two room systems send broken video from the ports their SDP names (garbage, undeclared payload types, corrupt
 * VP8, truncated and overflowing H.264 aggregates, an SPS claiming 16384×16384): everything is dropped and
 * counted, the room keeps composing, and the broken sender's picture comes back with its next good keyframe.
 */
class VideoHostileInputTest {
    private static final Duration HOLD = Duration.ofSeconds(16);
    private static final int TOLERANCE = 30;
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of("CONFERO_SIP_RTP_TIMEOUT", "10"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void brokenVideoIsDroppedAndCountedWhileTheRoomKeepsComposing() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        List<SippVideoCall> calls = new ArrayList<>();
        try {
            int redPort = FreePorts.udpPair();
            SippVideoCall red = call("red", VideoCodec.VP8, redPort, SippVideoCall.Direction.SENDONLY, open, calls);
            open.add(FfmpegVideoSender.builder(VideoCodec.VP8, red.awaitPorts(Duration.ofSeconds(10)).video())
                    .colour("red").localRtpPort(redPort).payloadType(96).duration(HOLD).start());
            int vp8Port = FreePorts.udpPair();
            int vp8Server = call("vp8", VideoCodec.VP8, vp8Port, SippVideoCall.Direction.SENDONLY, open, calls)
                    .awaitPorts(Duration.ofSeconds(10)).video();
            int h264Port = FreePorts.udpPair();
            int h264Server = call("h264", VideoCodec.H264, h264Port, SippVideoCall.Direction.SENDONLY, open, calls)
                    .awaitPorts(Duration.ofSeconds(10)).video();
            int viewerPort = FreePorts.udpPair();
            RtpVideoReceiver rx = RtpVideoReceiver.builder(VideoCodec.VP8, viewerPort).payloadType(96)
                    .maxLifetime(HOLD.plusSeconds(5)).start();
            open.add(rx);
            call("viewer", VideoCodec.VP8, viewerPort, SippVideoCall.Direction.RECVONLY, open, calls)
                    .awaitPorts(Duration.ofSeconds(10));
            // four participants, a 2×2 grid: red top left
            rx.awaitFrameMatching(i -> i.rgbAtFraction(0.25, 0.25).isCloseTo(Rgb.RED, TOLERANCE),
                    Duration.ofSeconds(8));

            long payloadTypeDrops = counter("confero_rtp_dropped_payload_type_total");
            long malformed = counter("sip_rtp_packets_dropped_total");
            try (DatagramSocket vp8 = new DatagramSocket(new InetSocketAddress("127.0.0.1", vp8Port));
                    DatagramSocket h264 = new DatagramSocket(new InetSocketAddress("127.0.0.1", h264Port))) {
                HostileVideo.sendAll(vp8, vp8Server, HostileVideo.vp8Corpus(new Random(7)));
                HostileVideo.sendAll(h264, h264Server, HostileVideo.h264Corpus(new Random(11)));
            }
            assertThat(Await.until(() -> counter("confero_video_frames_dropped_total") > 0, Duration.ofSeconds(3)))
                    .as("broken frames are counted").isTrue();
            System.out.printf("video hostile input: dropped %d wrong payload types, %d datagrams that were not RTP, "
                    + "%d frames; decode errors %d%n", counter("confero_rtp_dropped_payload_type_total")
                    - payloadTypeDrops, counter("sip_rtp_packets_dropped_total") - malformed,
                    counter("confero_video_frames_dropped_total"),
                    server.server().media().videoDecodeErrors("demo"));
            assertThat(counter("confero_rtp_dropped_payload_type_total")).isGreaterThan(payloadTypeDrops);
            assertThat(counter("sip_rtp_packets_dropped_total")).isGreaterThan(malformed);

            // the room kept composing; the broken H.264 sender comes back with a good stream's first keyframe
            open.add(FfmpegVideoSender.builder(VideoCodec.H264, h264Server).colour("lime").localRtpPort(h264Port)
                    .payloadType(96).duration(Duration.ofSeconds(8)).start());
            rx.awaitFrameMatching(i -> i.tileMismatches(2, 2, Arrays.asList(Rgb.RED, null, Rgb.LIME, null),
                    TOLERANCE).isEmpty(), Duration.ofSeconds(8));
            for (SippVideoCall call : calls) {
                call.awaitResult();
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

    private static SippVideoCall call(String name, VideoCodec codec, int videoPort, SippVideoCall.Direction direction,
            List<AutoCloseable> open, List<SippVideoCall> calls) {
        SippVideoCall call = SippVideoCall.start(server.sipPort(), "demo", name, codec, FreePorts.udpPair(),
                videoPort, direction, HOLD);
        open.add(call);
        calls.add(call);
        return call;
    }

    private static long counter(String name) {
        return server.server().metrics().counterValue(name);
    }

    /** The broken datagrams. */
    static final class HostileVideo {
        private HostileVideo() {}

        static void sendAll(DatagramSocket socket, int port, List<byte[]> packets) throws IOException {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            for (byte[] p : packets) {
                socket.send(new DatagramPacket(p, p.length, to));
                if (p.length > 0 && (p[1] & 0x80) != 0) {
                    pause(); // a frame's worth of pacing, so the worker's queue sees a stream, not a flood
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static List<byte[]> vp8Corpus(Random random) {
            List<byte[]> out = new ArrayList<>();
            int seq = 1000;
            long ts = 90_000;
            for (int i = 0; i < 50; i++) { // not RTP at all
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                junk[0] = (byte) (junk[0] & 0x3F); // version 0: never valid RTP
                out.add(junk);
            }
            for (int i = 0; i < 50; i++) { // a payload type nobody negotiated
                out.add(rtp(111, seq++, ts, true, new byte[] {0x10, 0, 0, 0}));
            }
            for (int i = 0; i < 40; i++, ts += 3000) { // keyframe descriptors over random "frames"
                byte[] payload = new byte[20 + random.nextInt(900)];
                random.nextBytes(payload);
                payload[0] = 0x10; // S=1, PID=0
                payload[1] = (byte) (payload[1] & 0xFE); // P=0: claims to be a keyframe
                out.add(rtp(96, seq++, ts, true, payload));
            }
            out.add(rtp(96, seq, ts, true, new byte[] {(byte) 0x80})); // X set, descriptor truncated
            return out;
        }

        static List<byte[]> h264Corpus(Random random) {
            List<byte[]> out = new ArrayList<>();
            int seq = 2000;
            long ts = 90_000;
            // an SPS claiming 16384×16384 (pic_width_in_mbs_minus1 = pic_height_in_map_units_minus1 = 1023), PPS, IDR
            byte[] sps = {0x67, 0x42, (byte) 0xC0, 0x1F, (byte) 0x8C, (byte) 0x80, 0x00, 0x20, 0x00, 0x01, 0x00,
                    0x00, 0x40, 0x00, 0x00, 0x0F, 0x00};
            byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
            byte[] idr = new byte[600];
            random.nextBytes(idr);
            idr[0] = 0x65;
            for (int i = 0; i < 10; i++, ts += 3000) {
                out.add(rtp(96, seq++, ts, false, sps));
                out.add(rtp(96, seq++, ts, false, pps));
                out.add(rtp(96, seq++, ts, true, idr));
            }
            for (int i = 0; i < 20; i++, ts += 3000) { // FU-A that start and never end, then one without a start
                byte[] start = new byte[400];
                random.nextBytes(start);
                start[0] = 0x7C; // FU-A
                start[1] = (byte) 0x85; // S=1, IDR
                out.add(rtp(96, seq++, ts, false, start));
                byte[] orphan = new byte[300];
                random.nextBytes(orphan);
                orphan[0] = 0x7C;
                orphan[1] = 0x45; // E=1 without a start
                out.add(rtp(96, seq++, ts + 1500, true, orphan));
            }
            for (int i = 0; i < 20; i++, ts += 3000) { // STAP-A whose NAL lengths run past the packet
                out.add(rtp(96, seq++, ts, true, new byte[] {0x78, 0x7F, (byte) 0xFF, 0x67, 0x42}));
            }
            out.add(rtp(96, seq, ts, true, new byte[] {0x7C})); // FU-A without its header
            return out;
        }

        private static byte[] rtp(int pt, int seq, long ts, boolean marker, byte[] payload) {
            byte[] p = new byte[12 + payload.length];
            RtpPacket.writeHeader(p, 0, pt, marker, seq, ts, 0xBADBADL);
            System.arraycopy(payload, 0, p, 12, payload.length);
            return p;
        }
    }
}
