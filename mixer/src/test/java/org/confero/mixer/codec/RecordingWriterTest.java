package org.confero.mixer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings written through FFmpeg's muxers decode with the ffmpeg tool back to what went in. */
class RecordingWriterTest {
    @TempDir
    Path dir;

    @Test
    void twoSecondsOfToneDecodeBackWithFfmpeg() throws Exception {
        Path file = dir.resolve("tone.ogg");
        int before = NativeCodecs.openContexts();
        try (RecordingWriter writer = RecordingWriter.oggOpus(file)) {
            for (int i = 0; i < 100; i++) {
                writer.write(Tones.sineFrame(660, 8000, i));
            }
            assertThat(writer.frames()).isEqualTo(100);
        }
        assertThat(NativeCodecs.openContexts()).isEqualTo(before);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OggS");

        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "s16le", "-ac", "1",
                "-ar", "48000", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = ffmpeg.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(ffmpeg.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isZero();
        short[] pcm = new short[out.size() / 2];
        ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        double seconds = pcm.length / 48000.0;
        double snr = Tones.snrDb(pcm, 24000, 48000, 660);
        System.out.printf("Ogg Opus recording: %d bytes, %.2f s decoded, 660 Hz SNR %.1f dB%n", bytes.length, seconds, snr);
        assertThat(seconds).isBetween(1.9, 2.1);
        assertThat(snr).isGreaterThan(20);
    }

    @Test
    void aWebmRecordingHoldsTheToneAndTheVp8Picture() throws Exception {
        Path file = dir.resolve("meeting.webm");
        java.util.List<org.confero.mixer.video.EncodedFrame> red = VideoTestPictures.solidFrames(
                org.confero.mixer.video.VideoCodec.VP8, 320, 180, VideoTestPictures.RED, 50);
        try (RecordingWriter writer = RecordingWriter.webm(file, 320, 180)) {
            for (int i = 0; i < 100; i++) {
                writer.write(Tones.sineFrame(660, 8000, i));
                if (i % 2 == 0) { // 25 frames per second beside 50 audio frames per second
                    org.confero.mixer.video.EncodedFrame f = red.get(i / 2);
                    writer.writeVideo(f.data(), f.length(), i * 20_000L, f.keyframe());
                }
            }
            assertThat(writer.videoFrames()).isEqualTo(50);
        }
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                "-of", "csv=p=0", file.toString()).redirectErrorStream(true).start();
        String streams = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(probe.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(streams.lines().map(String::strip).toList()).containsExactlyInAnyOrder("opus", "vp8");
        Process frame = new ProcessBuilder("ffmpeg", "-v", "error", "-ss", "1", "-i", file.toString(), "-frames:v",
                "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] rgb = frame.getInputStream().readAllBytes();
        assertThat(frame.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(rgb.length).isEqualTo(320 * 180 * 3);
        int centre = (90 * 320 + 160) * 3;
        int r = rgb[centre] & 0xff;
        int g = rgb[centre + 1] & 0xff;
        int b = rgb[centre + 2] & 0xff;
        System.out.printf("WebM recording: %d bytes, centre pixel at 1 s rgb(%d,%d,%d)%n", Files.size(file), r, g, b);
        assertThat(r).isGreaterThan(200);
        assertThat(g).isLessThan(60);
        assertThat(b).isLessThan(60);
    }
}
