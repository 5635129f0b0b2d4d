package org.confero.server.it;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.confero.mixer.video.VideoCodec;
import org.confero.server.peers.FfmpegVideoSender;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.RtpVideoProbe;
import org.confero.server.peers.SippVideoCall;

/**
 * Video rooms end to end through the real server: in each room four SIPp room systems send 640×360 colours
 * (two VP8, two H.264, by ffmpeg) and two receive the 1280×720 grid (one VP8, one H.264). Prints, per room, the
 * added latency of participants' pictures (arrival → the first composite sent with them), frames composed and
 * overruns, and the server's CPU (this JVM; the ffmpeg senders are other processes).
 *
 * <pre>mvn -B -pl server -am -Pbench test-compile exec:exec -Dbench.skip.mixer=true \
 *     -Dbench.main=org.confero.server.it.VideoRoomLoad -Dbench.args='2 20'</pre>
 */
public final class VideoRoomLoad {
    private VideoRoomLoad() {}

    public static void main(String[] args) throws Exception {
        int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        if (rooms < 1 || rooms > 8 || seconds < 5 || seconds > 120) {
            throw new IllegalArgumentException("rooms 1-8, seconds 5-120");
        }
        Duration hold = Duration.ofSeconds(seconds + 6);
        Map<String, String> env = new java.util.HashMap<>();
        for (int r = 0; r < rooms; r++) {
            env.put("CONFERO_ROOM_LOAD" + r + "_NAME", "Load " + r);
        }
        List<AutoCloseable> open = new ArrayList<>();
        try (RunningServer server = RunningServer.start(env)) {
            String[] colours = {"red", "lime", "blue", "yellow"};
            for (int r = 0; r < rooms; r++) {
                String room = "load" + r;
                for (int i = 0; i < 4; i++) {
                    VideoCodec codec = i % 2 == 0 ? VideoCodec.VP8 : VideoCodec.H264;
                    int local = FreePorts.udpPair();
                    SippVideoCall call = SippVideoCall.start(server.sipPort(), room, colours[i], codec,
                            FreePorts.udpPair(), local, SippVideoCall.Direction.SENDONLY, hold);
                    open.add(call);
                    open.add(FfmpegVideoSender.builder(codec, call.awaitPorts(Duration.ofSeconds(10)).video())
                            .colour(colours[i]).localRtpPort(local).payloadType(96).duration(hold).start());
                }
                for (VideoCodec codec : VideoCodec.values()) {
                    int port = FreePorts.udpPair();
                    open.add(new RtpVideoProbe(port));
                    SippVideoCall viewer = SippVideoCall.start(server.sipPort(), room, "viewer", codec,
                            FreePorts.udpPair(), port, SippVideoCall.Direction.RECVONLY, hold);
                    open.add(viewer);
                    viewer.awaitPorts(Duration.ofSeconds(10));
                }
            }
            Thread.sleep(3_000); // keyframes, decoders and encoders settle
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double cpuCores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
            String metrics = server.server().metrics().render();
            System.out.printf("video rooms: %d room(s) of 4 senders (640x360) and 2 receivers (720p VP8 + H.264),"
                    + " %d s: server CPU %.2f cores (%.2f per room) on %d cores%n", rooms, seconds, cpuCores,
                    cpuCores / rooms, Runtime.getRuntime().availableProcessors());
            for (String line : metrics.split("\n")) {
                if (line.startsWith("confero_video_added_latency_ms") || line.startsWith("confero_video_frames_composed")
                        || line.startsWith("confero_video_composite_overruns")
                        || line.startsWith("confero_video_decode_errors")) {
                    System.out.println("  " + line);
                }
            }
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }
}
