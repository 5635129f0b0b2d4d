package org.confero.mixer.bench;

import java.util.concurrent.TimeUnit;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.OpusSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The cost of one 20 ms encode of a three-voice mix, per codec, Opus complexity and application. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class AudioEncodeFrame {
    private static final int FRAMES = 50;

    @Param({"OPUS", "PCMU", "G722"})
    public AudioCodec codec;

    @Param({"0", "3", "5", "10"})
    public int complexity;

    @Param({"VOIP", "AUDIO"})
    public OpusSettings.Application application;

    private AudioEncoder encoder;
    private final short[][] mix = new short[FRAMES][AudioCodec.MIX_FRAME_SAMPLES];
    private final byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];
    private int next;

    @Setup(Level.Trial)
    public void open() {
        encoder = CodecFactory.encoder(codec,
                new OpusSettings(32_000, complexity, application, OpusSettings.Bandwidth.FULLBAND));
        for (int f = 0; f < FRAMES; f++) {
            for (int s = 0; s < AudioCodec.MIX_FRAME_SAMPLES; s++) {
                double t = (double) (f * AudioCodec.MIX_FRAME_SAMPLES + s) / AudioCodec.MIX_RATE;
                mix[f][s] = (short) (4000 * (Math.sin(2 * Math.PI * 300 * t) + Math.sin(2 * Math.PI * 500 * t)
                        + Math.sin(2 * Math.PI * 700 * t)));
            }
        }
    }

    @Benchmark
    public int encode() {
        short[] frame = mix[next];
        next = next + 1 == FRAMES ? 0 : next + 1;
        return encoder.encode(frame, 0, payload, 0);
    }

    @TearDown(Level.Trial)
    public void close() {
        encoder.close();
    }
}
