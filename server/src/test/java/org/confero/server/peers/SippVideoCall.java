package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.confero.mixer.video.VideoCodec;

/**
 * A room system's call by SIPp: audio and video whose media ports belong to other processes (an ffmpeg sender
 * or receiver), so the test controls the media while SIPp does the signalling. Its audio has the video's
 * direction: a receive-only viewer sends nothing, and says so. The call's answer tells where
 * the server wants the media ({@link #awaitPorts}); SIPp hangs up by itself after the hold time.
 */
public final class SippVideoCall implements AutoCloseable {
    /** The server's media ports from the 200 OK. */
    public record Ports(int audio, int video) {}

    /** How the phone's video m-line reads. */
    public enum Direction { SENDRECV, SENDONLY, RECVONLY }

    private final SippRunner.Running sipp;
    private final Path portFile;

    private SippVideoCall(SippRunner.Running sipp, Path portFile) {
        this.sipp = sipp;
        this.portFile = portFile;
    }

    /**
     * Calls {@code room} at 127.0.0.1:{@code serverPort}.
     *
     * @param audioPort where the phone takes audio (no listener needed)
     * @param videoPort the video port written in the offer: an ffmpeg sender's local port, or a receiver's port
     */
    public static SippVideoCall start(int serverPort, String room, String displayName, VideoCodec codec,
            int audioPort, int videoPort, Direction direction, Duration hold) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "peers").toAbsolutePath());
            Path portFile = Files.createTempFile(dir, "video-call-", ".ports");
            Files.delete(portFile); // SIPp writes it once the call is answered
            String fmtp = codec == VideoCodec.H264
                    ? "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1" : "a=fmtp:96 max-fs=3600";
            SippRunner.Running running = SippRunner.resourceScenario("peers/uac-video.xml", Map.of(
                            "audio_port", Integer.toString(audioPort),
                            "video_port", Integer.toString(videoPort),
                            "video_pt", "96",
                            "video_codec", codec.encodingName(),
                            "video_fmtp", fmtp,
                            "video_direction", direction.name().toLowerCase(java.util.Locale.ROOT),
                            "display_name", displayName,
                            "port_file", portFile.toString(),
                            "hold_ms", Long.toString(hold.toMillis())))
                    .target(serverPort)
                    .args("-s", room, "-m", "1")
                    .timeout(hold.plusSeconds(20))
                    .start();
            return new SippVideoCall(running, portFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the answer; fails with SIPp's log when the call was not answered in time. */
    public Ports awaitPorts(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                try {
                    String[] p = Files.readString(portFile).trim().split("\\s+");
                    if (p.length == 2) {
                        return new Ports(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                    }
                } catch (IOException | NumberFormatException e) {
                    // written by mv: complete once present; retry a misread
                }
            }
            if (!sipp.isRunning()) {
                break;
            }
            sleep(20);
        }
        throw new AssertionError("the video call was not answered; SIPp said:\n" + sipp.stop().outputTail());
    }

    /** Waits for SIPp to hang up by itself and returns its result. */
    public SippRunner.Result awaitResult() {
        return sipp.awaitResult();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        sipp.close();
    }
}
