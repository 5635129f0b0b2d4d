package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** ffmpeg sending a PCMU sine as RTP from a given local port (the one its SDP names), for a bounded time. */
public final class FfmpegToneSender implements AutoCloseable {
    private final ChildProcess process;

    private FfmpegToneSender(ChildProcess process) {
        this.process = process;
    }

    public static FfmpegToneSender start(int port, int localPort, int frequencyHz, Duration duration) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "peers").toAbsolutePath()),
                    "ffmpeg-tone-" + port + "-");
            String seconds = Long.toString(Math.max(1, duration.toSeconds()));
            List<String> command = List.of("timeout", "--kill-after=2", Long.toString(duration.toSeconds() + 10),
                    "ffmpeg", "-hide_banner", "-loglevel", "warning", "-nostdin", "-re", "-t", seconds, "-f", "lavfi",
                    "-i", "sine=frequency=" + frequencyHz + ":sample_rate=8000", "-c:a", "pcm_mulaw", "-ar", "8000",
                    "-ac", "1", "-payload_type", "0", "-f", "rtp",
                    "rtp://127.0.0.1:" + port + "?pkt_size=1200&localrtpport=" + localPort + "&localrtcpport="
                            + (localPort + 1));
            return new FfmpegToneSender(ChildProcess.start("ffmpeg-tone-" + port, command, dir,
                    dir.resolve("ffmpeg.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
