package org.confero.server.conference;

/**
 * A bounded hand-off of packets from one producer thread (the transport's receive thread) to one consumer (the
 * stream's worker), with buffers allocated once: the producer copies into the next free slot, the consumer reads
 * slots in order. A full ring drops the new packet (counted by the caller) rather than block the transport.
 */
final class PacketRing {
    private final byte[][] slots;
    private final int[] lengths;
    private final long[] arrivals;
    private final int mask;
    private final int maxPacket;
    /** Next slot to write; written only by the producer. */
    private volatile long tail;
    /** Next slot to read; written only by the consumer. */
    private volatile long head;

    PacketRing(int capacity, int maxPacket) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.slots = new byte[capacity][maxPacket];
        this.lengths = new int[capacity];
        this.arrivals = new long[capacity];
        this.mask = capacity - 1;
        this.maxPacket = maxPacket;
    }

    /** Producer: copies the packet in; false when the ring is full or the packet too large. */
    boolean offer(byte[] packet, int offset, int length, long arrivalNanos) {
        long t = tail;
        if (length > maxPacket || length <= 0 || t - head > mask) {
            return false;
        }
        int i = (int) (t & mask);
        System.arraycopy(packet, offset, slots[i], 0, length);
        lengths[i] = length;
        arrivals[i] = arrivalNanos;
        tail = t + 1; // volatile write publishes the slot
        return true;
    }

    /** What the consumer does with each packet; the array is valid only during the call. */
    @FunctionalInterface
    interface Consumer {
        void accept(byte[] packet, int length, long arrivalNanos);
    }

    /** Consumer: hands every packet present to {@code consumer}, in order; returns how many. */
    int drain(Consumer consumer) {
        long h = head;
        long t = tail;
        int n = 0;
        while (h < t) {
            int i = (int) (h & mask);
            consumer.accept(slots[i], lengths[i], arrivals[i]);
            h++;
            n++;
            head = h; // frees the slot for the producer
        }
        return n;
    }
}
