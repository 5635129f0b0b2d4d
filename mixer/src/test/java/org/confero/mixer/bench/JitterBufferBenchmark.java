package org.confero.mixer.bench;

import java.util.concurrent.TimeUnit;
import org.confero.mixer.rtp.JitterBuffer;
import org.confero.mixer.rtp.JitterBufferConfig;
import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of one insert plus one poll of a 172-byte Opus packet in steady state (single thread, no contention). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class JitterBufferBenchmark {
    private static final long TICK = 20_000_000L;
    private final byte[] packet = new byte[172];
    private JitterBuffer buffer;
    private PacketBuffer out;
    private int seq;

    @Setup
    public void setUp() {
        buffer = new JitterBuffer(JitterBufferConfig.audio(48_000));
        out = buffer.newOutputBuffer();
        for (seq = 0; seq < 3; seq++) {
            insert();
        }
    }

    private void insert() {
        RtpPacket.writeHeader(packet, 0, 111, false, seq & 0xffff, 960L * seq, 42);
        buffer.insert(packet, 0, packet.length, TICK * seq);
    }

    @Benchmark
    public JitterBuffer.Poll insertThenPoll() {
        insert();
        seq++;
        return buffer.poll(TICK * (seq - 3), out);
    }
}
