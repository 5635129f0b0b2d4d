package org.confero.mixer.video.rtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The last {@code capacity} RTP packets of one outgoing encoder stream, by sequence number, so receivers'
 * generic NACKs (RFC 4585 §6.2.1) can be answered (re-sent as is, or wrapped by RFC 4588 RTX by the caller).
 * Sequence numbers are the encoder stream's own, before any per-receiver rewriting. Slots are allocated once;
 * packet {@code seq} lives in slot {@code seq mod capacity}, so a slot is evicted exactly when the packet
 * {@code capacity} numbers later is stored, and 16-bit wrap-around needs no special case.
 *
 * <p>Threading: one writer thread calls {@link #store}; any number of reader threads call {@link #lookup}.
 * No locks: each slot has a version (a seqlock, as in {@link java.util.concurrent.locks.StampedLock}): the
 * writer makes it odd, writes, makes it even; a reader copies the packet out and keeps the copy only if the
 * version was even and unchanged around the copy. The writer never waits; a reader retries a few times and
 * then reports the packet as gone. Because the writer may overwrite a slot at any time, a lookup copies into
 * the caller's array instead of returning a view of the slot.
 */
public final class RetransmissionCache {
    private static final VarHandle VERSION = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int READ_ATTEMPTS = 4;

    private final int mask;
    private final int maxPacketSize;
    private final byte[][] data;
    private final int[] lengths;
    private final int[] seqs;
    private final long[] versions;
    private long stored;
    private long tooLarge;

    /**
     * @param capacity packets kept, a power of two up to 32768 (e.g. 1024: about 1 s of 8 Mb/s video)
     * @param maxPacketSize largest packet stored
     */
    public RetransmissionCache(int capacity, int maxPacketSize) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1 || maxPacketSize < 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..32768, maxPacketSize > 0");
        }
        this.mask = capacity - 1;
        this.maxPacketSize = maxPacketSize;
        this.data = new byte[capacity][maxPacketSize];
        this.lengths = new int[capacity];
        this.seqs = new int[capacity];
        Arrays.fill(seqs, -1);
        this.versions = new long[capacity];
    }

    /**
     * Keeps a copy of a packet just sent. Writer thread only.
     *
     * @return false (counted, nothing stored) if the packet is larger than {@code maxPacketSize}
     */
    public boolean store(byte[] pkt, int off, int len, int seq) {
        if (len < 0 || len > maxPacketSize) {
            tooLarge++;
            return false;
        }
        int i = seq & mask;
        long v = (long) VERSION.getOpaque(versions, i);
        VERSION.setOpaque(versions, i, v + 1); // odd: a write is in progress
        VarHandle.storeStoreFence(); // the odd version is visible before any byte of the new packet
        System.arraycopy(pkt, off, data[i], 0, len);
        lengths[i] = len;
        seqs[i] = seq & 0xffff;
        VERSION.setRelease(versions, i, v + 2); // even again, publishes the bytes above
        stored++;
        return true;
    }

    /**
     * Copies packet {@code seq} into {@code dst[dstOff]}. Any thread.
     *
     * @return the packet length, or -1 when it is no longer (or never was) in the cache
     * @throws IllegalArgumentException if {@code dst} has less than {@link #maxPacketSize()} bytes of room
     */
    public int lookup(int seq, byte[] dst, int dstOff) {
        if (dstOff < 0 || dst.length - dstOff < maxPacketSize) {
            throw new IllegalArgumentException("destination needs " + maxPacketSize + " bytes");
        }
        int wanted = seq & 0xffff;
        int i = seq & mask;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long before = (long) VERSION.getAcquire(versions, i);
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            int s = seqs[i];
            int len = Math.min(Math.max(lengths[i], 0), maxPacketSize); // racy read: bounded, then validated
            if (s == wanted) {
                System.arraycopy(data[i], 0, dst, dstOff, len);
            }
            VarHandle.loadLoadFence(); // the copy is finished before the version is read again
            long after = (long) VERSION.getOpaque(versions, i);
            if (before == after) {
                return s == wanted ? len : -1;
            }
        }
        return -1;
    }

    public int capacity() {
        return mask + 1;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** Packets stored (writer thread's count; other threads may see a slightly old value). */
    public long storedPackets() {
        return stored;
    }

    /** Packets refused as larger than {@link #maxPacketSize()} (writer thread's count). */
    public long tooLargePackets() {
        return tooLarge;
    }
}
