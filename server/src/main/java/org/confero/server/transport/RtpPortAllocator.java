package org.confero.server.transport;

import java.util.BitSet;

/**
 * Hands out even RTP ports (RTCP on the next odd one, RFC 3550 §11) from the configured range, round-robin so
 * that a port just freed is not reused at once (late packets of the old call would land in the new one).
 */
final class RtpPortAllocator {
    private final int first;
    private final int pairs;
    private final BitSet inUse;
    private int next;

    RtpPortAllocator(int portMin, int portMax) {
        this.first = portMin % 2 == 0 ? portMin : portMin + 1;
        this.pairs = Math.max(0, (portMax - first + 1) / 2);
        if (pairs == 0) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax + " holds no even/odd pair");
        }
        this.inUse = new BitSet(pairs);
    }

    /** Reserves the next free even port, or -1 when the range is exhausted. */
    synchronized int reserve() {
        for (int i = 0; i < pairs; i++) {
            int index = (next + i) % pairs;
            if (!inUse.get(index)) {
                inUse.set(index);
                next = (index + 1) % pairs;
                return first + 2 * index;
            }
        }
        return -1;
    }

    synchronized void release(int rtpPort) {
        int index = (rtpPort - first) / 2;
        if (index >= 0 && index < pairs) {
            inUse.clear(index);
        }
    }

    int capacity() {
        return pairs;
    }
}
