package org.confero.mixer.audio;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;

/**
 * One tick's encoded frames and who receives which, sorted by fan-out lane. The tick writes it; the lanes then
 * read it while the next ticks mix into the room's other {@code TickFrames}. A shared encode is stored once
 * and read by every listener of its codec (each leg writes its own RTP header around a copy); a participant's
 * own encode (a talker's mix-minus) is copied into one growing byte pool. All arrays are reused from tick to
 * tick and grow only when the room does: nothing is allocated per packet.
 */
final class TickFrames {
    private static final int CODECS = AudioCodec.values().length;
    private static final long PERIOD_NANOS = MixClock.PERIOD_NANOS;

    private final AudioMixer mixer;
    private final FanOutLanes lanes;
    final byte[][] shared = new byte[CODECS][AudioEncoder.MAX_PAYLOAD];
    private byte[] own = new byte[4 * AudioEncoder.MAX_PAYLOAD];
    private int ownUsed;
    private final Batch[] batches;
    /** Lanes still sending these frames; the tick reuses this object only when none is. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long tickStartNanos;
    private volatile int skippedTicks;

    TickFrames(AudioMixer mixer, FanOutLanes lanes) {
        this.mixer = mixer;
        this.lanes = lanes;
        this.batches = new Batch[lanes.laneCount()];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new Batch();
        }
    }

    boolean busy() {
        return pending.get() > 0;
    }

    /** Starts filling for a new tick; {@code skipped} ticks before it were dropped, so timestamps jump. */
    void begin(long startNanos, int skipped) {
        tickStartNanos = startNanos;
        skippedTicks = skipped;
        ownUsed = 0;
        for (Batch b : batches) {
            b.clear();
        }
    }

    /** The listener receives its codec's shared encode of this tick. */
    void addShared(Participant p, int codec, int length) {
        batches[p.lane].add(p, shared[codec], 0, length);
    }

    /** The participant receives its own encode, copied here since its encoder's buffer is reused next tick. */
    void addOwn(Participant p, byte[] payload, int length) {
        if (ownUsed + length > own.length) {
            own = Arrays.copyOf(own, Math.max(own.length * 2, ownUsed + length)); // earlier entries keep the old array
        }
        System.arraycopy(payload, 0, own, ownUsed, length);
        batches[p.lane].add(p, own, ownUsed, length);
        ownUsed += length;
    }

    /** Hands each lane its share; returns at once. */
    void dispatch() {
        int used = 0;
        for (Batch b : batches) {
            if (b.count > 0) {
                used++;
            }
        }
        pending.set(used); // before the first hand-over: a lane may finish before the next is handed
        for (int lane = 0; lane < batches.length; lane++) {
            if (batches[lane].count > 0) {
                lanes.submit(lane, batches[lane]);
            }
        }
    }

    private final class Batch implements Runnable {
        private Participant[] targets = new Participant[8];
        private byte[][] arrays = new byte[8][];
        private int[] offsets = new int[8];
        private int[] lengths = new int[8];
        int count;

        void clear() {
            Arrays.fill(targets, 0, count, null);
            Arrays.fill(arrays, 0, count, null);
            count = 0;
        }

        void add(Participant p, byte[] array, int offset, int length) {
            if (count == targets.length) {
                int grown = count * 2;
                targets = Arrays.copyOf(targets, grown);
                arrays = Arrays.copyOf(arrays, grown);
                offsets = Arrays.copyOf(offsets, grown);
                lengths = Arrays.copyOf(lengths, grown);
            }
            targets[count] = p;
            arrays[count] = array;
            offsets[count] = offset;
            lengths[count] = length;
            count++;
        }

        @Override
        public void run() {
            try {
                int skipped = skippedTicks;
                for (int i = 0; i < count; i++) {
                    Participant p = targets[i];
                    if (!p.removed) {
                        mixer.deliver(p, arrays[i], offsets[i], lengths[i], skipped);
                    }
                }
                if (System.nanoTime() - tickStartNanos > PERIOD_NANOS) {
                    lanes.countLate();
                }
            } finally {
                pending.decrementAndGet();
            }
        }
    }
}
