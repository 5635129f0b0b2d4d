package org.confero.mixer.rtp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An adaptive jitter buffer for one incoming audio stream: packets go in on the receiving thread in any
 * order and come out on the mixer thread in sequence order at their playout time.
 *
 * <h2>Threading</h2>
 * Exactly one producer thread calls {@link #insert} and exactly one consumer thread calls {@link #poll}.
 * The producer copies the datagram into a buffer of its own before taking the lock; under the lock the two
 * sides only exchange buffer references and update indices (no copying, no allocation, no I/O, no decoding).
 * {@link #stats()} may be called from any thread.
 *
 * <h2>What the consumer learns</h2>
 * {@link #poll} answers for the frame the consumer is producing now, {@code [now, now + tick)}:
 * <ul>
 *   <li>{@link Poll#PACKET}: the next packet in sequence order is in {@code out}; decode it.</li>
 *   <li>{@link Poll#LOST}: the next packet is missing although a later one is already here and it is due now:
 *       conceal one packet's worth (decoder PLC, or Opus FEC from the next packet). {@code out} holds no
 *       bytes but carries the missing sequence number and its expected timestamp.</li>
 *   <li>{@link Poll#NOTHING}: nothing is due: still buffering, a DTX/silence gap (the next packet's
 *       timestamp lies in the future), or no packets at all. Play silence or comfort noise; poll again next
 *       tick. (A decoder may choose to conceal briefly after a PACKET, but the buffer does not claim a loss
 *       before a later packet proves one.)</li>
 * </ul>
 *
 * <h2>Packet durations other than 20 ms</h2>
 * The buffer hands out whole packets and never assumes a packet duration: playout times come from the RTP
 * timestamps. The consumer keeps track of how many decoded samples it has in hand and calls {@code poll}
 * whenever it has less than one tick left: with 10 ms packets it polls twice per tick, with 40 or 60 ms packets
 * every second or third tick. For a LOST packet {@link #frameTimestampUnits()} (the smallest timestamp step
 * between consecutive packets seen) says how much to conceal.
 *
 * <h2>Wrap-around and resynchronisation</h2>
 * Sequence numbers and timestamps are extended to 64 bits relative to the highest packet seen, so 65535→0 and
 * 2^32→0 are ordinary steps. A new SSRC, a forward sequence jump larger than the capacity, a backward jump larger
 * than the capacity confirmed by the next sequential packet (RFC 3550 A.1's restart rule), or a packet after more
 * than {@code resyncGap} of silence flushes the buffer (counted as overflow) and starts buffering again.
 */
public final class JitterBuffer {
    /** The answer of {@link #poll}. */
    public enum Poll { PACKET, LOST, NOTHING }

    /** What {@link #insert} did with a datagram. */
    public enum Insert { ACCEPTED, LATE, DUPLICATE, MALFORMED }

    private enum State { IDLE, BUFFERING, PLAYING }

    private static final Logger LOG = LoggerFactory.getLogger(JitterBuffer.class);

    private final JitterBufferConfig config;
    private final String label;
    private final int capacity;
    private final long tickNanos;
    private final long lateToleranceNanos;
    private final long resyncGapNanos;
    private final Object lock = new Object();

    // Producer-owned (touched only by the inserting thread).
    private final RtpPacket producerView = new RtpPacket();
    private PacketBuffer spare;
    private String resyncReason; // set under the lock by insert, logged by the producer after releasing it

    // Guarded by lock.
    private final PacketBuffer[] slots;
    private final boolean[] present;
    private final long[] slotSeq;
    private final long[] slotTs;
    private final PlayoutClock clock;
    private State state = State.IDLE;
    private long ssrc;
    private long headSeq;
    private long highestSeq;
    private long highestTs;
    private int count;
    private long lastArrivalNanos;
    private long frameUnits;
    private int backwardJumpConfirmation = -1;
    private long inserted;
    private long played;
    private long late;
    private long duplicate;
    private long overflow;
    private long lost;
    private long malformed;
    private long resyncs;

    public JitterBuffer(JitterBufferConfig config) {
        this(config, "-");
    }

    /**
     * @param label identifies the stream in log lines (e.g. "room=r1 participant=p7 ssrc=…")
     */
    public JitterBuffer(JitterBufferConfig config, String label) {
        this.config = config;
        this.label = label;
        this.capacity = config.capacity();
        this.tickNanos = config.tick().toNanos();
        this.lateToleranceNanos = 2 * tickNanos;
        this.resyncGapNanos = config.resyncGap().toNanos();
        this.clock = new PlayoutClock(config);
        this.slots = new PacketBuffer[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new PacketBuffer(config.maxPacketSize());
        }
        this.present = new boolean[capacity];
        this.slotSeq = new long[capacity];
        this.slotTs = new long[capacity];
        this.spare = new PacketBuffer(config.maxPacketSize());
    }

    public JitterBufferConfig config() { return config; }

    /** A buffer of the right size for {@link #poll}; allocate once per consumer. */
    public PacketBuffer newOutputBuffer() {
        return new PacketBuffer(config.maxPacketSize());
    }

    /**
     * Copies an RTP datagram into the buffer. Producer thread only. Never throws on bad input.
     *
     * @param arrivalNanos {@link System#nanoTime()} when the datagram arrived
     */
    public Insert insert(byte[] buf, int off, int len, long arrivalNanos) {
        RtpPacket rtp = producerView;
        if (!rtp.wrap(buf, off, len) || !spare.copyFrom(buf, off, len)) {
            synchronized (lock) {
                malformed++;
            }
            return Insert.MALFORMED;
        }
        spare.describe(rtp, arrivalNanos);
        int seq = rtp.sequenceNumber();
        long ts = rtp.timestamp();
        long packetSsrc = rtp.ssrc();
        rtp.clear();
        Insert result;
        synchronized (lock) {
            result = insertLocked(seq, ts, packetSsrc, arrivalNanos);
        }
        if (resyncReason != null) {
            LOG.info("jitter buffer {} resynchronised: {} (ssrc={} seq={})", label, resyncReason, packetSsrc, seq);
            resyncReason = null;
        }
        return result;
    }

    private Insert insertLocked(int seq, long ts, long packetSsrc, long arrivalNanos) {
        if (state != State.IDLE && packetSsrc != ssrc) {
            resync("new SSRC");
        } else if (state != State.IDLE && arrivalNanos - lastArrivalNanos > resyncGapNanos) {
            resync("long gap");
        }
        if (state == State.IDLE) {
            start(seq, ts, packetSsrc, arrivalNanos);
        }
        long extSeq = highestSeq + (short) (seq - (int) highestSeq);
        long extTs = highestTs + (int) (ts - highestTs);
        if (extSeq - highestSeq >= capacity) {
            resync("sequence jump"); // beyond what the buffer could hold: rebuild the timeline from here
            start(seq, ts, packetSsrc, arrivalNanos);
            extSeq = highestSeq;
            extTs = highestTs;
        }
        if (extSeq < headSeq) {
            if (state == State.BUFFERING && highestSeq - extSeq < capacity) {
                headSeq = extSeq; // reordered before the first packet while still buffering
            } else if (headSeq - extSeq > capacity && seq == backwardJumpConfirmation) {
                // RFC 3550 A.1: a far jump backwards followed by its successor is a sender restart.
                resync("sequence restart");
                start(seq, ts, packetSsrc, arrivalNanos);
                extSeq = highestSeq;
                extTs = highestTs;
            } else {
                backwardJumpConfirmation = (seq + 1) & 0xffff;
                late++;
                return Insert.LATE;
            }
        }
        while (extSeq - headSeq >= capacity) {
            dropHead();
        }
        int index = slotIndex(extSeq);
        if (present[index]) {
            duplicate++;
            return Insert.DUPLICATE;
        }
        PacketBuffer filled = spare;
        spare = slots[index];
        slots[index] = filled;
        present[index] = true;
        slotSeq[index] = extSeq;
        slotTs[index] = extTs;
        count++;
        learnFrameUnits(extSeq, extTs);
        if (extSeq > highestSeq) {
            highestSeq = extSeq;
            highestTs = extTs;
        }
        clock.onArrival(extTs, arrivalNanos);
        lastArrivalNanos = arrivalNanos;
        inserted++;
        return Insert.ACCEPTED;
    }

    private void start(int seq, long ts, long packetSsrc, long arrivalNanos) {
        state = State.BUFFERING;
        ssrc = packetSsrc;
        headSeq = highestSeq = seq + (1L << 16); // room below for packets reordered before the first
        highestTs = ts + (1L << 32);
        frameUnits = 0;
        lastArrivalNanos = arrivalNanos;
        clock.start(highestTs, arrivalNanos);
    }

    /** Flushes everything; what was still buffered counts as pushed out. */
    private void resync(String reason) {
        resyncReason = reason;
        flush();
        state = State.IDLE;
        resyncs++;
    }

    private void flush() {
        for (int i = 0; i < capacity; i++) {
            if (present[i]) {
                present[i] = false;
                overflow++;
            }
        }
        backwardJumpConfirmation = -1;
        count = 0;
    }

    /** Pushes out the oldest slot to make room (a full buffer drops the oldest). */
    private void dropHead() {
        int index = slotIndex(headSeq);
        if (present[index]) {
            present[index] = false;
            count--;
            overflow++;
        }
        headSeq++;
    }

    /** Smallest positive timestamp step between consecutive sequence numbers (the packet duration). */
    private void learnFrameUnits(long extSeq, long extTs) {
        int before = slotIndex(extSeq - 1);
        if (present[before] && slotSeq[before] == extSeq - 1) {
            long step = extTs - slotTs[before];
            if (step > 0 && step <= config.clockRate() && (frameUnits == 0 || step < frameUnits)) {
                frameUnits = step;
            }
        }
    }

    private int slotIndex(long extSeq) {
        return (int) Math.floorMod(extSeq, (long) capacity);
    }

    /**
     * Hands out what the consumer should play in {@code [nowNanos, nowNanos + tick)}. Consumer thread only.
     *
     * @param out receives the packet on {@link Poll#PACKET} (its previous contents are given back to the
     *     buffer's storage); on {@link Poll#LOST} it carries the missing packet's sequence number and expected
     *     timestamp with no bytes. Must come from {@link #newOutputBuffer()}.
     */
    public Poll poll(long nowNanos, PacketBuffer out) {
        if (out.maxPacketSize() != config.maxPacketSize()) {
            throw new IllegalArgumentException("output buffer not from newOutputBuffer()");
        }
        synchronized (lock) {
            if (state == State.IDLE || count == 0) {
                return Poll.NOTHING;
            }
            if (state == State.BUFFERING && !startPlaying(nowNanos)) {
                return Poll.NOTHING;
            }
            // Bounded: every iteration either returns or advances headSeq past at most capacity slots.
            for (int step = 0; step <= capacity && count > 0; step++) {
                int index = slotIndex(headSeq);
                if (present[index]) {
                    long due = clock.playoutNanos(slotTs[index]);
                    if (due >= nowNanos + tickNanos) {
                        return Poll.NOTHING; // early: a silence gap or a grown target delay
                    }
                    present[index] = false;
                    count--;
                    headSeq++;
                    if (due < nowNanos - lateToleranceNanos) {
                        late++; // the consumer fell behind: catch up instead of adding delay
                        continue;
                    }
                    out.swap(slots[index]);
                    played++;
                    return Poll.PACKET;
                }
                long expectedTs = expectedTimestampOfHead();
                long due = clock.playoutNanos(expectedTs);
                if (due >= nowNanos + tickNanos) {
                    return Poll.NOTHING; // it may still arrive in time
                }
                lost++;
                long missingSeq = headSeq++;
                if (due >= nowNanos - lateToleranceNanos) {
                    out.describeMissing((int) (missingSeq & 0xffff), expectedTs);
                    return Poll.LOST;
                }
            }
            return Poll.NOTHING;
        }
    }

    /** BUFFERING → PLAYING once the earliest buffered packet is due. */
    private boolean startPlaying(long nowNanos) {
        for (int i = 0; i < capacity; i++) {
            int index = slotIndex(headSeq + i);
            if (present[index]) {
                if (clock.playoutNanos(slotTs[index]) >= nowNanos + tickNanos) {
                    return false;
                }
                headSeq += i;
                state = State.PLAYING;
                return true;
            }
        }
        return false;
    }

    /** The missing head's timestamp, estimated back from the next packet present (count > 0). */
    private long expectedTimestampOfHead() {
        for (long s = headSeq + 1; s <= highestSeq; s++) {
            int index = slotIndex(s);
            if (present[index]) {
                return slotTs[index] - frameUnits * (s - headSeq);
            }
        }
        return highestTs;
    }

    /**
     * Drops everything buffered (counted as overflow) and waits for a new stream, e.g. after hold or a codec
     * change. Either thread may call it.
     */
    public void reset() {
        synchronized (lock) {
            if (state != State.IDLE) {
                flush();
                state = State.IDLE;
            }
        }
    }

    /** Timestamp units one packet covers (smallest step seen between consecutive packets), 0 if unknown. */
    public long frameTimestampUnits() {
        synchronized (lock) {
            return frameUnits;
        }
    }

    public JitterBufferStats stats() {
        synchronized (lock) {
            return new JitterBufferStats(inserted, played, late, duplicate, overflow, lost, malformed, resyncs,
                    (int) (clock.targetNanos() / 1_000_000L), count);
        }
    }
}
