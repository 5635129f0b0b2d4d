package org.confero.mixer.video.rtp;

/**
 * The missing sequence numbers of one stream, in increasing order, with when each was first missed and how
 * often it was asked for. Bounded by the reorder window; arrays are allocated once.
 */
final class NackTracker {
    private final long[] seq;
    private final long[] firstMissedNanos;
    private final long[] lastSentNanos;
    private final int[] sends;
    private int count;

    NackTracker(int capacity) {
        seq = new long[capacity];
        firstMissedNanos = new long[capacity];
        lastSentNanos = new long[capacity];
        sends = new int[capacity];
    }

    /** Records {@code [from, to]} (extended sequence numbers above every tracked one) as missing. */
    void addRange(long from, long to, long nowNanos) {
        // Keep the newest when the range is wider than the table; the owner's window makes that rare.
        long first = Math.max(from, to - seq.length + 1);
        for (long s = first; s <= to; s++) {
            if (count == seq.length) {
                removeFirst(1);
            }
            seq[count] = s;
            firstMissedNanos[count] = nowNanos;
            lastSentNanos[count] = 0;
            sends[count] = 0;
            count++;
        }
    }

    /** Records {@code [from, to]} (below every tracked number) as missing; keeps the oldest if the table is full. */
    void prependRange(long from, long to, long nowNanos) {
        int n = (int) Math.min(Math.max(0, to - from + 1), seq.length - count);
        if (n <= 0) {
            return;
        }
        System.arraycopy(seq, 0, seq, n, count);
        System.arraycopy(firstMissedNanos, 0, firstMissedNanos, n, count);
        System.arraycopy(lastSentNanos, 0, lastSentNanos, n, count);
        System.arraycopy(sends, 0, sends, n, count);
        for (int i = 0; i < n; i++) {
            seq[i] = from + i;
            firstMissedNanos[i] = nowNanos;
            lastSentNanos[i] = 0;
            sends[i] = 0;
        }
        count += n;
    }

    /** A missing packet arrived late. */
    void remove(long s) {
        int i = indexOf(s);
        if (i >= 0) {
            int tail = count - i - 1;
            System.arraycopy(seq, i + 1, seq, i, tail);
            System.arraycopy(firstMissedNanos, i + 1, firstMissedNanos, i, tail);
            System.arraycopy(lastSentNanos, i + 1, lastSentNanos, i, tail);
            System.arraycopy(sends, i + 1, sends, i, tail);
            count--;
        }
    }

    /** Forgets everything below {@code s} (delivered or given up). */
    void removeBelow(long s) {
        int n = 0;
        while (n < count && seq[n] < s) {
            n++;
        }
        removeFirst(n);
    }

    void clear() {
        count = 0;
    }

    int size() {
        return count;
    }

    /** Lowest missing sequence number, or Long.MAX_VALUE. */
    long first() {
        return count == 0 ? Long.MAX_VALUE : seq[0];
    }

    /** When the lowest missing packet was first missed; only valid when {@link #size()} > 0. */
    long firstMissedNanos() {
        return firstMissedNanos[0];
    }

    /**
     * Collects the sequence numbers due a (re)request: never asked, or asked at least {@code retryNanos} ago and
     * fewer than {@code maxSends} times. Marks them sent.
     *
     * @return how many were written to {@code out}
     */
    int collectDue(long nowNanos, long retryNanos, int maxSends, int[] out) {
        int n = 0;
        for (int i = 0; i < count && n < out.length; i++) {
            if (sends[i] < maxSends && (sends[i] == 0 || nowNanos - lastSentNanos[i] >= retryNanos)) {
                sends[i]++;
                lastSentNanos[i] = nowNanos;
                out[n++] = (int) (seq[i] & 0xffff);
            }
        }
        return n;
    }

    private int indexOf(long s) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (seq[mid] < s) {
                lo = mid + 1;
            } else if (seq[mid] > s) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void removeFirst(int n) {
        if (n <= 0) {
            return;
        }
        int tail = count - n;
        System.arraycopy(seq, n, seq, 0, tail);
        System.arraycopy(firstMissedNanos, n, firstMissedNanos, 0, tail);
        System.arraycopy(lastSentNanos, n, lastSentNanos, 0, tail);
        System.arraycopy(sends, n, sends, 0, tail);
        count = tail;
    }
}
