package org.confero.mixer.bench;

import java.util.concurrent.TimeUnit;

import org.confero.mixer.codec.AudioCodec;
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

/**
 * One 20 ms tick of a room: three talkers whose inputs decode real packets of their codec each tick, everyone
 * else silent, every participant sending {@code codec}. Participants per core at real time are
 * {@code 20 ms / score × participants}.
 *
 * <pre>mvn -B -o -pl mixer -Pbench test-compile exec:exec -Dbench.args='AudioMixTick -f 1 -wi 2 -i 3 -r 1s'</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class AudioMixTick {
    private static final int TALKERS = 3;

    @Param({"10", "100", "1000"})
    public int participants;

    @Param({"true", "false"})
    public boolean shared;

    @Param({"OPUS", "PCMU"})
    public AudioCodec codec;

    @Param({"5"})
    public int complexity;

    private BenchRoom room;

    @Setup(Level.Trial)
    public void openRoom() {
        room = new BenchRoom(participants, TALKERS, codec, shared, OpusSettings.DEFAULT.withComplexity(complexity));
        for (int i = 0; i < 10; i++) {
            room.mixer.tick();
        }
    }

    @Benchmark
    public void tick() {
        room.mixer.tick();
    }

    @TearDown(Level.Trial)
    public void closeRoom() {
        room.close();
    }
}
