package org.confero.server.transport;

import java.security.SecureRandom;
import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Hands out even RTP ports (RTCP on the next odd one, RFC 3550 §11) from the configured range, chosen at random:
 * an attacker cannot predict the next call's port from the last one (RFC 3550 §9.1 asks for unpredictable SSRCs
 * and sequence numbers for the same reason), and a port just freed is unlikely to be reused at once (late
 * packets of the old call would land in the new one).
 */
final class RtpPortAllocator {
    /** Random probes before falling back to a scan; a nearly full range still finds its last free pair. */
    private static final int PROBES = 16;

    private final int first;
    private final int pairs;
    private final BitSet inUse;
    private final RandomGenerator random;

    RtpPortAllocator(int portMin, int portMax) {
        this(portMin, portMax, new SecureRandom());
    }

    RtpPortAllocator(int portMin, int portMax, RandomGenerator random) {
        this.first = portMin % 2 == 0 ? portMin : portMin + 1;
        this.pairs = Math.max(0, (portMax - first + 1) / 2);
        if (pairs == 0) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax + " holds no even/odd pair");
        }
        this.inUse = new BitSet(pairs);
        this.random = random;
    }

    /** Reserves a random free even port, or -1 when the range is exhausted. */
    synchronized int reserve() {
        for (int i = 0; i < PROBES; i++) {
            int index = random.nextInt(pairs);
            if (!inUse.get(index)) {
                return take(index);
            }
        }
        int start = random.nextInt(pairs);
        for (int i = 0; i < pairs; i++) {
            int index = (start + i) % pairs;
            if (!inUse.get(index)) {
                return take(index);
            }
        }
        return -1;
    }

    private int take(int index) {
        inUse.set(index);
        return first + 2 * index;
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
