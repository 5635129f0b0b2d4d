package org.confero.server.it;

import java.util.ArrayList;
import java.util.List;
import org.confero.mixer.audio.MixTap;
import org.confero.server.peers.ToneAnalysis;

/**
 * Records a room's full mix as the mixer produces it, each 20 ms frame with the {@link System#nanoTime()} of its
 * tick, and finds when a tone first appears in it. Two nodes' onsets of the same phone's tone, measured in one JVM on
 * one clock, give the time the cascade hop adds. Bounded: frames beyond {@code maxFrames} are not kept.
 */
final class MixOnsets implements MixTap {
    private static final int RATE = 48_000;
    /** 5 ms blocks: tones 400 Hz apart fall outside each other's Hann main lobe. */
    private static final int BLOCK = 240;
    /** An onset holds for 50 ms. */
    private static final int SUSTAIN = 10;

    private final int maxFrames;
    private final List<short[]> frames = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>();

    MixOnsets(int maxFrames) {
        this.maxFrames = maxFrames;
    }

    @Override
    public synchronized void mixed(short[] frame) {
        if (frames.size() < maxFrames) {
            frames.add(frame.clone());
            nanos.add(System.nanoTime());
        }
    }

    synchronized int frameCount() {
        return frames.size();
    }

    /** The tone's level in 5 ms blocks, with each block's start time. */
    private synchronized Levels levels(double frequency) {
        int blocksPerFrame = frames.isEmpty() ? 0 : frames.get(0).length / BLOCK;
        double[] level = new double[frames.size() * blocksPerFrame];
        long[] start = new long[level.length];
        double[] block = new double[BLOCK];
        for (int f = 0; f < frames.size(); f++) {
            short[] frame = frames.get(f);
            for (int b = 0; b < blocksPerFrame; b++) {
                for (int i = 0; i < BLOCK; i++) {
                    block[i] = frame[b * BLOCK + i] / 32768.0;
                }
                int index = f * blocksPerFrame + b;
                level[index] = ToneAnalysis.levelDbfs(block, RATE, frequency);
                start[index] = nanos.get(f) + (long) b * BLOCK * 1_000_000_000L / RATE;
            }
        }
        return new Levels(level, start);
    }

    private record Levels(double[] level, long[] startNanos) {}

    /** What the mix shows of one tone: its level before it began, its steady level, and when it began. */
    record Onset(double beforeDbfs, double steadyDbfs, long nanos) {}

    /**
     * The first block that starts 50 ms at most 10 dB under the tone's steady level (the 80th percentile of all
     * blocks: the tone is on for most of the recording); the level before it is the median of the blocks until
     * 30 ms before it. The mixer hands the tap frames only from some ticks after it is set, so at least 80 ms of
     * mix must precede the onset.
     */
    Onset onset(double frequency) {
        Levels l = levels(frequency);
        int n = l.level().length;
        if (n < 100) {
            throw new IllegalStateException("only " + n + " blocks of mix recorded");
        }
        double steady = percentile(l.level(), 0.8);
        for (int i = 0; i + SUSTAIN <= n; i++) {
            if (sustained(l.level(), i, steady - 10)) {
                if (i < 16) {
                    throw new IllegalStateException(String.format("%.0f Hz present from the start of the recording"
                            + " (steady %.1f dBFS; first blocks %s; last blocks %s)", frequency, steady,
                            profile(l.level(), 0, 40), profile(l.level(), n - 40, n)));
                }
                return new Onset(median(java.util.Arrays.copyOfRange(l.level(), 0, i - 6)), steady,
                        l.startNanos()[i]);
            }
        }
        throw new IllegalStateException("tone never reached its steady level");
    }

    /** Blocks {@code from} .. +{@link #SUSTAIN} all at least {@code floor}: a click in one block is no onset. */
    private static boolean sustained(double[] level, int from, double floor) {
        for (int i = from; i < from + SUSTAIN; i++) {
            if (level[i] < floor) {
                return false;
            }
        }
        return true;
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
    }

    private static String profile(double[] level, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append(Math.round(level[i])).append(' ');
        }
        return out.toString().strip();
    }
}
