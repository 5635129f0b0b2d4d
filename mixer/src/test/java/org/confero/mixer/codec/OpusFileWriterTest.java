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

/** A recording written through FFmpeg's Ogg muxer decodes with the ffmpeg tool back to the tone that went in. */
class OpusFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void twoSecondsOfToneDecodeBackWithFfmpeg() throws Exception {
        Path file = dir.resolve("tone.ogg");
        int before = NativeCodecs.openContexts();
        try (OpusFileWriter writer = new OpusFileWriter(file)) {
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
}
