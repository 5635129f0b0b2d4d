package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A 16-bit PCM WAV file (RIFF/WAVE), mono or multi-channel, any sample rate, held in memory as interleaved samples.
 * Reads files that are still being written (data size 0 or too large in the header): the bytes present count.
 */
public record Wav(int sampleRate, int channels, short[] interleaved) {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    public Wav {
        if (sampleRate <= 0 || channels <= 0 || interleaved.length % channels != 0) {
            throw new IllegalArgumentException("bad WAV: rate=" + sampleRate + " channels=" + channels);
        }
    }

    public static Wav read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses a WAV image; {@code source} names it in error messages. */
    public static Wav parse(byte[] bytes, String source) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || buf.getInt(0) != fourCc("RIFF") || buf.getInt(8) != fourCc("WAVE")) {
            throw new IllegalArgumentException(source + " is not a RIFF/WAVE file");
        }
        int rate = 0;
        int channels = 0;
        int position = 12;
        while (position + 8 <= bytes.length) {
            int id = buf.getInt(position);
            long size = Integer.toUnsignedLong(buf.getInt(position + 4));
            int body = position + 8;
            if (id == fourCc("fmt ")) {
                int format = Short.toUnsignedInt(buf.getShort(body));
                channels = Short.toUnsignedInt(buf.getShort(body + 2));
                rate = buf.getInt(body + 4);
                int bits = Short.toUnsignedInt(buf.getShort(body + 14));
                if ((format != FORMAT_PCM && format != FORMAT_EXTENSIBLE) || bits != 16) {
                    throw new IllegalArgumentException(source + ": only 16-bit PCM is supported (format "
                            + format + ", " + bits + " bits)");
                }
            } else if (id == fourCc("data")) {
                if (channels == 0) {
                    throw new IllegalArgumentException(source + ": data chunk before fmt chunk");
                }
                // A writer that has not finished yet leaves 0 (or a guess) here: trust the bytes present.
                long available = bytes.length - body;
                long usable = (size == 0 || size > available) ? available : size;
                int frameBytes = 2 * channels;
                int count = (int) (usable / frameBytes) * channels;
                short[] samples = new short[count];
                buf.position(body);
                buf.asShortBuffer().get(samples);
                return new Wav(rate, channels, samples);
            }
            position = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw new IllegalArgumentException(source + " has no data chunk");
    }

    /** A mono WAV of the given samples (values in [−1, 1], clipped). */
    public static Wav mono(int sampleRate, double[] samples) {
        short[] pcm = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            pcm[i] = (short) Math.round(Math.max(-1, Math.min(1, samples[i])) * Short.MAX_VALUE);
        }
        return new Wav(sampleRate, 1, pcm);
    }

    public int frames() {
        return interleaved.length / channels;
    }

    public double durationSeconds() {
        return frames() / (double) sampleRate;
    }

    /** One channel (0 = left) as samples in [−1, 1). */
    public double[] channel(int index) {
        if (index < 0 || index >= channels) {
            throw new IllegalArgumentException("no channel " + index + " in a " + channels + "-channel file");
        }
        double[] out = new double[frames()];
        for (int i = 0; i < out.length; i++) {
            out[i] = interleaved[i * channels + index] / 32768.0;
        }
        return out;
    }

    /** All channels averaged, as samples in [−1, 1). */
    public double[] mono() {
        double[] out = new double[frames()];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += interleaved[i * channels + c];
            }
            out[i] = sum / channels / 32768.0;
        }
        return out;
    }

    public void write(Path file) {
        int dataBytes = interleaved.length * 2;
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(fourCc("RIFF")).putInt(36 + dataBytes).putInt(fourCc("WAVE"));
        buf.putInt(fourCc("fmt ")).putInt(16).putShort((short) FORMAT_PCM).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2))
                .putShort((short) 16);
        buf.putInt(fourCc("data")).putInt(dataBytes);
        for (short sample : interleaved) {
            buf.putShort(sample);
        }
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static int fourCc(String id) {
        return (id.charAt(0)) | (id.charAt(1) << 8) | (id.charAt(2) << 16) | (id.charAt(3) << 24);
    }
}
