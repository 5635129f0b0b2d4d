package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.confero.mixer.video.VideoCodec;

/**
 * ffmpeg sending a synthetic picture as VP8 or H.264 over plain RTP to 127.0.0.1: one solid colour, or a grid of
 * solid tiles, at real-time pace ({@code -re}) for a bounded time, optionally with a PCMU tone as a second RTP
 * stream. The encoder flags are the ones the project's testing notes verified.
 *
 * <pre>{@code
 * try (FfmpegVideoSender red = FfmpegVideoSender.builder(VideoCodec.VP8, serverVideoPort)
 *         .colour("red").ssrc(0x1234_5678L).localRtpPort(FreePorts.udpPair()).duration(Duration.ofSeconds(8))
 *         .start()) {
 *     ... // the server receives 640x360@30 red VP8 from 127.0.0.1:localRtpPort, PT 96
 * }
 * }</pre>
 */
public final class FfmpegVideoSender implements AutoCloseable {
    private static final Path ROOT = Path.of("target", "peers").toAbsolutePath();

    private final ChildProcess process;
    private final Path sdpFile;
    private final Builder settings;

    private FfmpegVideoSender(ChildProcess process, Path sdpFile, Builder settings) {
        this.process = process;
        this.sdpFile = sdpFile;
        this.settings = settings;
    }

    /** A sender of {@code codec} to 127.0.0.1:{@code port} (RTCP to {@code port + 1} unless told otherwise). */
    public static Builder builder(VideoCodec codec, int port) {
        return new Builder(codec, port);
    }

    /**
     * The encoder flags per codec. H.264 needs both {@code +global_header} and {@code repeat-headers=1}: without
     * them SPS/PPS are missing either in-band or from the SDP and a receiver that joins late never decodes.
     */
    static List<String> encoderArgs(VideoCodec codec, int bitrateKbps, int gop) {
        String bitrate = bitrateKbps + "k";
        String keyframeInterval = Integer.toString(gop);
        return switch (codec) {
            case VP8 -> List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", bitrate,
                    "-g", keyframeInterval);
            case H264 -> List.of("-c:v", "libx264", "-profile:v", "baseline", "-tune", "zerolatency",
                    "-preset", "ultrafast", "-bf", "0", "-g", keyframeInterval, "-pix_fmt", "yuv420p", "-b:v",
                    bitrate, "-flags", "+global_header", "-x264-params", "repeat-headers=1");
        };
    }

    public ChildProcess process() {
        return process;
    }

    public VideoCodec codec() {
        return settings.codec;
    }

    public int port() {
        return settings.port;
    }

    public int payloadType() {
        return settings.payloadType;
    }

    public long ssrc() {
        return settings.ssrc;
    }

    /** The source port of the RTP packets when one was pinned with {@link Builder#localRtpPort}. */
    public Optional<Integer> localRtpPort() {
        return settings.localRtpPort;
    }

    /** The SDP ffmpeg wrote for what it sends (empty until it has started its outputs). */
    public String sdp() {
        try {
            return Files.exists(sdpFile) ? Files.readString(sdpFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the sender to finish its duration; empty when it is still running after {@code timeout}. */
    public Optional<Integer> awaitEnd(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** Stops sending now (SIGTERM, then SIGKILL). */
    @Override
    public void close() {
        process.close();
    }

    /** What to send; {@link #start()} launches ffmpeg. */
    public static final class Builder {
        private final VideoCodec codec;
        private final int port;
        private List<String> colours = List.of("red");
        private int columns = 1;
        private int rows = 1;
        private int width = 640;
        private int height = 360;
        private int fps = 30;
        private int bitrateKbps = 500;
        private int gop = 30;
        private Duration duration = Duration.ofSeconds(5);
        private int payloadType = 96;
        private long ssrc = 0x1234_5678L;
        private Optional<Integer> localRtpPort = Optional.empty();
        private Optional<Integer> rtcpPort = Optional.empty();
        private Optional<Tone> tone = Optional.empty();

        private Builder(VideoCodec codec, int port) {
            this.codec = codec;
            this.port = port;
        }

        /** A solid colour: an ffmpeg colour name ({@code red}, {@code lime}) or {@code 0xRRGGBB}. */
        public Builder colour(String colour) {
            return grid(1, 1, colour);
        }

        /**
         * A grid of solid tiles, row by row from the top left, each tile {@link #size} large (so the picture is
         * {@code columns × width} by {@code rows × height}); e.g. {@code grid(2, 2, "red", "lime", "blue",
         * "yellow")}.
         */
        public Builder grid(int columns, int rows, String... colours) {
            if (colours.length != columns * rows) {
                throw new IllegalArgumentException(colours.length + " colours for " + columns + "x" + rows);
            }
            this.columns = columns;
            this.rows = rows;
            this.colours = List.of(colours);
            return this;
        }

        /** Size of the picture, or of each tile of a grid; 640×360 by default. */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder fps(int fps) {
            this.fps = fps;
            return this;
        }

        public Builder bitrateKbps(int bitrateKbps) {
            this.bitrateKbps = bitrateKbps;
            return this;
        }

        /** Frames between keyframes (30 = one a second at 30 fps). */
        public Builder keyframeInterval(int frames) {
            this.gop = frames;
            return this;
        }

        /** How long to send; ffmpeg then ends by itself. 5 s by default. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder payloadType(int payloadType) {
            this.payloadType = payloadType;
            return this;
        }

        /** The RTP SSRC, 0 to 0xFFFFFFFF. */
        public Builder ssrc(long ssrc) {
            if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("SSRC out of range: " + ssrc);
            }
            this.ssrc = ssrc;
            return this;
        }

        /**
         * Sends from this source port (its RTCP from the next one), so a server that latches or checks the source
         * address sees a stable one; use {@link FreePorts#udpPair()}.
         */
        public Builder localRtpPort(int localRtpPort) {
            this.localRtpPort = Optional.of(localRtpPort);
            return this;
        }

        /** Sends RTCP sender reports to this port instead of {@code port + 1}. */
        public Builder rtcpPort(int rtcpPort) {
            this.rtcpPort = Optional.of(rtcpPort);
            return this;
        }

        /** Also sends a PCMU sine of {@code frequencyHz} as a second RTP stream (PT 0) to {@code audioPort}. */
        public Builder withTone(int audioPort, int frequencyHz, long audioSsrc) {
            this.tone = Optional.of(new Tone(audioPort, frequencyHz, audioSsrc, Optional.empty()));
            return this;
        }

        /** As {@link #withTone(int, int, long)}, sent from {@code localAudioPort} (the port its SDP names). */
        public Builder withTone(int audioPort, int frequencyHz, long audioSsrc, int localAudioPort) {
            this.tone = Optional.of(new Tone(audioPort, frequencyHz, audioSsrc, Optional.of(localAudioPort)));
            return this;
        }

        public FfmpegVideoSender start() {
            Path dir;
            try {
                Files.createDirectories(ROOT);
                dir = Files.createTempDirectory(ROOT, "ffmpeg-send-" + port + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path sdp = dir.resolve("send.sdp");
            List<String> command = command(sdp);
            ChildProcess process = ChildProcess.start("ffmpeg-send-" + port, command, dir, dir.resolve("ffmpeg.log"));
            return new FfmpegVideoSender(process, sdp, this);
        }

        List<String> command(Path sdp) {
            String seconds = String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
            // timeout: a safety net should the JVM die without running close()
            List<String> c = new ArrayList<>(List.of("timeout", "--kill-after=2",
                    Long.toString(duration.toSeconds() + 10), "ffmpeg", "-hide_banner", "-loglevel", "warning",
                    "-nostdin"));
            // -re and -t before every input: without -t on each, a multi-output ffmpeg never stops
            for (String colour : colours) {
                c.addAll(List.of("-re", "-t", seconds, "-f", "lavfi", "-i",
                        "color=c=" + colour + ":s=" + width + "x" + height + ":r=" + fps));
            }
            if (tone.isPresent()) {
                c.addAll(List.of("-re", "-t", seconds, "-f", "lavfi", "-i",
                        "sine=frequency=" + tone.get().frequencyHz() + ":sample_rate=8000"));
            }
            if (colours.size() > 1) {
                c.addAll(List.of("-filter_complex", xstack(), "-map", "[v]"));
            } else {
                c.addAll(List.of("-map", "0:v"));
            }
            c.addAll(List.of("-t", seconds));
            c.addAll(encoderArgs(codec, bitrateKbps, gop));
            c.addAll(rtpOutput(payloadType, ssrc, port, localRtpPort, rtcpPort));
            if (tone.isPresent()) {
                c.addAll(List.of("-map", colours.size() + ":a", "-t", seconds, "-c:a", "pcm_mulaw", "-ar", "8000",
                        "-ac", "1"));
                c.addAll(rtpOutput(0, tone.get().ssrc(), tone.get().port(), tone.get().localPort(), Optional.empty()));
            }
            c.addAll(List.of("-sdp_file", sdp.toString()));
            return c;
        }

        /** xstack with pixel offsets: every tile is width×height, laid out row by row. */
        private String xstack() {
            StringBuilder inputs = new StringBuilder();
            List<String> layout = new ArrayList<>();
            for (int i = 0; i < colours.size(); i++) {
                inputs.append('[').append(i).append(":v]");
                layout.add((i % columns) * width + "_" + (i / columns) * height);
            }
            return inputs + "xstack=inputs=" + colours.size() + ":layout=" + String.join("|", layout) + "[v]";
        }

        private static List<String> rtpOutput(int pt, long ssrc, int port, Optional<Integer> localRtpPort,
                Optional<Integer> rtcpPort) {
            StringBuilder url = new StringBuilder("rtp://127.0.0.1:").append(port).append("?pkt_size=1200");
            localRtpPort.ifPresent(p -> url.append("&localrtpport=").append(p).append("&localrtcpport=").append(p + 1));
            rtcpPort.ifPresent(p -> url.append("&rtcpport=").append(p));
            // ffmpeg's ssrc option is a signed 32-bit int: SSRCs above 0x7FFFFFFF are passed as negatives
            return List.of("-payload_type", Integer.toString(pt), "-ssrc", Integer.toString((int) ssrc), "-f", "rtp",
                    url.toString());
        }
    }

    private record Tone(int port, int frequencyHz, long ssrc, Optional<Integer> localPort) {
    }
}
