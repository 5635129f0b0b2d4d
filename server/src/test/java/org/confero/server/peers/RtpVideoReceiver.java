package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.confero.mixer.video.VideoCodec;

/**
 * The pixel oracle: ffmpeg receives a VP8 or H.264 RTP stream on 127.0.0.1:{@code port} (RTCP on {@code port+1}),
 * described by an SDP file written here, and decodes it to RGB frames a test can sample. By default it keeps
 * overwriting one PPM with the latest frame (written atomically, so a reader never sees half a frame); with
 * {@link Builder#firstFrameOnly()} it writes the first decodable frame and exits. Start it before the sender:
 * a receiver that joins late waits for the next keyframe.
 *
 * <pre>{@code
 * int port = FreePorts.udpPair();
 * try (RtpVideoReceiver rx = RtpVideoReceiver.builder(VideoCodec.VP8, port).payloadType(96).start()) {
 *     ... // make the server send the room's composite to 127.0.0.1:port
 *     RgbImage frame = rx.awaitFrameMatching(f -> f.tilesMatch(2, 2, expected, 20), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class RtpVideoReceiver implements AutoCloseable {
    private static final Path ROOT = Path.of("target", "peers").toAbsolutePath();
    private static final Duration POLL = Duration.ofMillis(50);

    private final ChildProcess process;
    private final Path frameFile;
    private final int port;

    private RtpVideoReceiver(ChildProcess process, Path frameFile, int port) {
        this.process = process;
        this.frameFile = frameFile;
        this.port = port;
    }

    public static Builder builder(VideoCodec codec, int port) {
        return new Builder(codec, port);
    }

    /**
     * An SDP describing a stream that arrives at 127.0.0.1:{@code port} with {@code payloadType}. H.264 is
     * declared packetization-mode=1, whose depacketizer also takes mode 0's single NAL units.
     */
    public static String sdp(VideoCodec codec, int port, int payloadType) {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=confero-oracle\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n")
                .append("m=video ").append(port).append(" RTP/AVP ").append(payloadType).append("\r\n")
                .append("a=rtpmap:").append(payloadType).append(' ').append(codec.encodingName()).append("/90000\r\n");
        if (codec == VideoCodec.H264) {
            sdp.append("a=fmtp:").append(payloadType).append(" packetization-mode=1\r\n");
        }
        return sdp.toString();
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    /** The PPM ffmpeg writes; it may not exist yet. */
    public Path frameFile() {
        return frameFile;
    }

    /** The latest complete frame, if one was decoded yet. */
    public Optional<RgbImage> latestFrame() {
        try {
            if (Files.size(frameFile) == 0) {
                return Optional.empty();
            }
            return Optional.of(RgbImage.readPpm(frameFile));
        } catch (IOException | UncheckedIOException | IllegalArgumentException notYet) {
            // absent, or (first-frame mode, which writes in place) still being written
            return Optional.empty();
        }
    }

    /** Waits for the first decoded frame; fails with ffmpeg's log when none comes within {@code timeout}. */
    public RgbImage awaitFrame(Duration timeout) {
        return awaitFrameMatching(frame -> true, timeout);
    }

    /**
     * Polls the latest frame until {@code condition} holds and returns that frame. Fails after {@code timeout}
     * with the last frame seen (kept as {@code last-mismatch.ppm} beside it) and ffmpeg's log.
     */
    public RgbImage awaitFrameMatching(Predicate<RgbImage> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<RgbImage> last = Optional.empty();
        while (true) {
            Optional<RgbImage> frame = latestFrame();
            if (frame.isPresent()) {
                last = frame;
                if (condition.test(frame.get())) {
                    return frame.get();
                }
            }
            if (System.nanoTime() >= deadline || (!process.isAlive() && frame.isEmpty())) {
                break;
            }
            sleep(POLL);
        }
        last.ifPresent(f -> f.writePpm(frameFile.resolveSibling("last-mismatch.ppm")));
        throw new AssertionError(String.format("oracle on port %d: %s within %d ms%s; last frame %s%n"
                        + "--- ffmpeg log (%s):%n%s", port, last.isPresent() ? "no matching frame" : "no frame",
                timeout.toMillis(), process.isAlive() ? "" : " (ffmpeg has exited)", last.map(Object::toString)
                        .orElse("none"), process.logFile(), process.logTail(3000)));
    }

    @Override
    public void close() {
        process.close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What to receive; {@link #start()} writes the SDP and launches ffmpeg. */
    public static final class Builder {
        private final VideoCodec codec;
        private final int port;
        private int payloadType = 96;
        private boolean firstFrameOnly;
        private Duration maxLifetime = Duration.ofSeconds(60);

        private Builder(VideoCodec codec, int port) {
            this.codec = codec;
            this.port = port;
        }

        public Builder payloadType(int payloadType) {
            this.payloadType = payloadType;
            return this;
        }

        /** Writes the first decodable frame and exits, instead of keeping the latest frame. */
        public Builder firstFrameOnly() {
            this.firstFrameOnly = true;
            return this;
        }

        /** ffmpeg is killed after this even if the test never closes it (60 s by default). */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        /**
         * Waits until ffmpeg holds its port: a stream's first keyframe sent before that would be lost, and ffmpeg
         * never asks for another.
         */
        private static void awaitBound(int port, ChildProcess process) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
                    probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                } catch (java.net.SocketException e) {
                    return; // taken: ffmpeg is listening
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            process.close();
            throw new AssertionError("ffmpeg did not open 127.0.0.1:" + port + " within 10 s");
        }

        public RtpVideoReceiver start() {
            Path dir;
            Path sdpFile;
            try {
                Files.createDirectories(ROOT);
                dir = Files.createTempDirectory(ROOT, "ffmpeg-recv-" + port + "-");
                sdpFile = Files.writeString(dir.resolve("in.sdp"), sdp(codec, port, payloadType));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path frame = dir.resolve("frame.ppm");
            ChildProcess process = ChildProcess.start("ffmpeg-recv-" + port, command(sdpFile, frame), dir,
                    dir.resolve("ffmpeg.log"));
            awaitBound(port, process);
            return new RtpVideoReceiver(process, frame, port);
        }

        /*
         * -probesize 32 -analyzeduration 0: decode from the first packets instead of buffering seconds of probe;
         * -reorder_queue_size 0: loopback does not reorder, and a queue delays every frame;
         * -max_error_rate 1.0: "Discarding interframe" before the first keyframe would otherwise end ffmpeg (69).
         * Not -fflags nobuffer: it loses the first keyframe.
         */
        List<String> command(Path sdpFile, Path frame) {
            List<String> c = new ArrayList<>(List.of("timeout", "--kill-after=2",
                    Long.toString(Math.max(1, maxLifetime.toSeconds())), "ffmpeg", "-hide_banner", "-loglevel",
                    "warning", "-nostdin", "-y", "-protocol_whitelist", "file,udp,rtp", "-probesize", "32",
                    "-analyzeduration", "0", "-reorder_queue_size", "0", "-i", sdpFile.toString(), "-an",
                    "-max_error_rate", "1.0", "-fps_mode", "passthrough"));
            if (firstFrameOnly) {
                c.addAll(List.of("-frames:v", "1"));
            }
            c.addAll(List.of("-f", "image2", "-update", "1", "-atomic_writing", "1", "-c:v", "ppm", "-pix_fmt",
                    "rgb24", frame.toString()));
            return c;
        }
    }
}
