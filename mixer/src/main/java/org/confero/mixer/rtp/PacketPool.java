package org.confero.mixer.rtp;

/**
 * A bounded pool of equally sized {@link PacketBuffer}s shared by threads (e.g. a socket thread acquires, the
 * mixer releases). When empty it allocates a new buffer and counts it, so a burst never blocks; when full a
 * released buffer is left to the garbage collector. The lock guards only a push or pop.
 */
public final class PacketPool {
    private final int maxPacketSize;
    private final PacketBuffer[] free;
    private int size;
    private long allocated;

    public PacketPool(int capacity, int maxPacketSize) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.maxPacketSize = maxPacketSize;
        this.free = new PacketBuffer[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = new PacketBuffer(maxPacketSize);
        }
        size = capacity;
    }

    public PacketBuffer acquire() {
        synchronized (free) {
            if (size > 0) {
                PacketBuffer b = free[--size];
                free[size] = null;
                return b;
            }
            allocated++;
        }
        return new PacketBuffer(maxPacketSize);
    }

    public void release(PacketBuffer buffer) {
        if (buffer == null || buffer.maxPacketSize() != maxPacketSize) {
            return;
        }
        synchronized (free) {
            if (size < free.length) {
                free[size++] = buffer;
            }
        }
    }

    /** Buffers currently in the pool. */
    public int available() {
        synchronized (free) {
            return size;
        }
    }

    /** Buffers allocated because the pool was empty (a sizing hint). */
    public long allocatedWhenEmpty() {
        synchronized (free) {
            return allocated;
        }
    }
}
