package org.confero.server.load;

import java.util.Arrays;

/**
 * The send times of one talker's spurt onsets (the first tone packet of each spurt), written by the paced
 * sender, read by listeners' probes on the receiving thread. Single writer; the count is published after the
 * entry, so readers see only complete entries. Bounded: a run of at most an hour holds 1,800 spurts.
 */
final class OnsetLog {
    static final int CAPACITY = 4_096;
    private final long[] nanos = new long[CAPACITY];
    private volatile int count;

    void record(long sendNanos) {
        int n = count;
        if (n < CAPACITY) {
            nanos[n] = sendNanos;
            count = n + 1;
        }
    }

    int count() {
        return count;
    }

    long at(int index) {
        return nanos[index];
    }

    /** The index of the latest onset sent at or before {@code atNanos}, or -1. */
    int latestAtOrBefore(long atNanos) {
        int n = count;
        int i = Arrays.binarySearch(nanos, 0, n, atNanos);
        return i >= 0 ? i : -i - 2;
    }

    /** How many onsets were sent within [from, to). */
    int countBetween(long from, long to) {
        int n = count;
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (nanos[i] >= from && nanos[i] < to) {
                c++;
            }
        }
        return c;
    }
}
