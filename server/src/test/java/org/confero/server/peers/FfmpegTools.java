package org.confero.server.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Media files for peers, made by the ffmpeg command-line tool: tones as raw µ-law (SIPp's {@code rtp_stream}) or
 * WAV (baresip's {@code aufile}), and any audio file decoded to 16-bit PCM WAV for {@link Wav}. Each run is bounded.
 */
public final class FfmpegTools {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private FfmpegTools() {
    }

    /** A headerless G.711 µ-law file, 8 kHz mono: a sine of {@code amplitude} (1 = full scale). */
    public static Path muLawTone(Path out, double frequencyHz, double amplitude, Duration length) {
        run(List.of("-f", "lavfi", "-i", sine(frequencyHz, amplitude, 8000, 1, length),
                "-c:a", "pcm_mulaw", "-f", "mulaw", out.toAbsolutePath().toString()), out);
        return out;
    }

    /** A 16-bit PCM WAV file of a sine at {@code sampleRate} with {@code channels} identical channels. */
    public static Path wavTone(Path out, double frequencyHz, double amplitude, int sampleRate, int channels,
            Duration length) {
        run(List.of("-f", "lavfi", "-i", sine(frequencyHz, amplitude, sampleRate, channels, length),
                "-c:a", "pcm_s16le", out.toAbsolutePath().toString()), out);
        return out;
    }

    /**
     * Decodes any audio file ffmpeg reads to 16-bit PCM WAV at {@code sampleRate}, mono. Raw µ-law needs its format
     * named: pass {@code "mulaw"} as {@code inputFormat} (8 kHz mono assumed), else null.
     */
    public static Path decodeToWav(Path in, String inputFormat, Path out, int sampleRate) {
        List<String> args = new ArrayList<>();
        if (inputFormat != null) {
            args.addAll(List.of("-f", inputFormat));
            if (inputFormat.equals("mulaw") || inputFormat.equals("alaw")) {
                args.addAll(List.of("-ar", "8000", "-ac", "1"));
            }
        }
        args.addAll(List.of("-i", in.toAbsolutePath().toString(), "-ac", "1", "-ar", Integer.toString(sampleRate),
                "-c:a", "pcm_s16le", out.toAbsolutePath().toString()));
        run(args, out);
        return out;
    }

    /**
     * A one-frame YUV4MPEG2 file of one solid colour, for Chromium's {@code --use-file-for-fake-video-capture}
     * (the fake camera loops it). {@code colour} is an ffmpeg colour name or {@code 0xRRGGBB}.
     */
    public static Path solidColourY4m(Path out, String colour, int width, int height) {
        run(List.of("-f", "lavfi", "-i", "color=c=" + colour + ":s=" + width + "x" + height, "-frames:v", "1",
                "-pix_fmt", "yuv420p", out.toAbsolutePath().toString()), out);
        return out;
    }

    private static String sine(double frequencyHz, double amplitude, int sampleRate, int channels,
            Duration length) {
        // aevalsrc gives an exact amplitude (lavfi's "sine" is fixed at 1/8 of full scale); one expression per
        // channel, because ffmpeg's mono-to-stereo upmix would lower each channel by 3 dB
        String channel = String.format(Locale.ROOT, "%.6f*sin(2*PI*%.3f*t)", amplitude, frequencyHz);
        return String.format(Locale.ROOT, "aevalsrc=%s:s=%d:d=%.3f",
                String.join("|", java.util.Collections.nCopies(channels, channel)), sampleRate,
                length.toMillis() / 1000.0);
    }

    private static void run(List<String> args, Path out) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-y"));
        command.addAll(args);
        Path dir = out.toAbsolutePath().getParent();
        ChildProcess.Finished finished = ChildProcess.run("ffmpeg", command, dir,
                dir.resolve(out.getFileName() + ".ffmpeg.log"), LIMIT);
        if (!finished.succeeded()) {
            throw new AssertionError("ffmpeg failed (exit " + finished.exitCode()
                    + (finished.timedOut() ? ", timed out" : "") + "): " + command + "\n" + finished.output());
        }
    }
}
