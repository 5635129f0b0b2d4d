package org.confero.mixer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.OpusSettings;

/**
 * The CPU time of one room tick, measured with the thread's CPU clock instead of the wall clock: on a machine
 * shared with other work the wall clock also counts time spent waiting for a core, the CPU clock does not.
 * Prints µs per tick and the participants one core serves in real time (20 ms / tick × participants).
 *
 * <p>Arguments: participants codec shared complexity application bandwidth [ticks], e.g.
 * {@code 1000 OPUS true 5 AUDIO FULLBAND}.
 */
public final class TickCpuCost {
    private TickCpuCost() {
    }

    public static void main(String[] args) {
        int participants = Integer.parseInt(args[0]);
        AudioCodec codec = AudioCodec.valueOf(args[1]);
        boolean shared = Boolean.parseBoolean(args[2]);
        OpusSettings opus = new OpusSettings(32_000, Integer.parseInt(args[3]),
                OpusSettings.Application.valueOf(args[4]), OpusSettings.Bandwidth.valueOf(args[5]));
        int ticks = args.length > 6 ? Integer.parseInt(args[6]) : 200;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (BenchRoom room = new BenchRoom(participants, 3, codec, shared, opus)) {
            for (int i = 0; i < Math.max(50, ticks / 4); i++) {
                room.mixer.tick();
            }
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            for (int i = 0; i < ticks; i++) {
                room.mixer.tick();
            }
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / ticks;
            double wallMicros = (System.nanoTime() - wallStart) / 1000.0 / ticks;
            double perCore = 20_000.0 / cpuMicros * participants;
            System.out.printf("RESULT participants=%d codec=%s shared=%s complexity=%d app=%s bandwidth=%s"
                    + " cpu=%.1fus wall=%.1fus participantsPerCore=%.0f%n", participants, codec, shared,
                    opus.complexity(), opus.application(), opus.maxBandwidth(), cpuMicros, wallMicros, perCore);
        }
    }
}
