package org.confero.server.load;

/**
 * One participant's incoming RTP stream as RFC 3550 Appendix A counts it: extended highest sequence number,
 * packets expected and received, interarrival jitter (A.8). Inside the {@link MeasureWindow} the same counts
 * once more (expected = sequence numbers spanned by the packets that arrived in the window, so a late burst
 * after a stall is not mistaken for loss), plus the longest time without any packet, which catches a stream
 * that stopped. Written by the receiving thread only.
 */
final class ReceiveMeter {
    private static final int MAX_DROPOUT = 3_000;
    private final int clockRate;
    private final MeasureWindow window;
    private boolean started;
    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private long received;
    private long windowReceived;
    private long windowBase = -1;
    private long windowHighest;
    private long lastWindowArrival = Long.MIN_VALUE;
    private long maxWindowGap;
    private int lastTransit;
    private double jitter;
    private double maxWindowJitter;

    ReceiveMeter(int clockRate, MeasureWindow window) {
        this.clockRate = clockRate;
        this.window = window;
    }

    void onPacket(int seq, long timestamp, long arrivalNanos) {
        long arrival = arrivalNanos / 1_000L * clockRate / 1_000_000L;
        int transit = (int) (arrival - timestamp);
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xffff;
            if (delta != 0 && delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += 65_536;
                }
                maxSeq = seq;
            }
            // RFC 3550 §6.4.1: J += (|D| - J) / 16, in timestamp units
            int d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        received++;
        if (window.contains(arrivalNanos)) {
            long ext = cycles + maxSeq;
            if (windowBase < 0) {
                windowBase = ext - 1;
                windowHighest = ext;
                lastWindowArrival = window.startNanos();
            }
            windowHighest = Math.max(windowHighest, ext);
            maxWindowGap = Math.max(maxWindowGap, arrivalNanos - lastWindowArrival);
            lastWindowArrival = arrivalNanos;
            windowReceived++;
            maxWindowJitter = Math.max(maxWindowJitter, jitter);
        }
    }

    long received() {
        return received;
    }

    /** Packets expected from the first to the highest sequence number seen (RFC 3550 A.3). */
    long expected() {
        return started ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    /** Sequence numbers spanned inside the window (0 when nothing arrived in it). */
    long windowExpected() {
        return windowBase < 0 ? 0 : windowHighest - windowBase;
    }

    /** The longest stretch of the closed window without a packet, its edges included. */
    long maxWindowGapNanos() {
        if (lastWindowArrival == Long.MIN_VALUE) {
            return window.endNanos() - window.startNanos();
        }
        return Math.max(maxWindowGap, window.endNanos() - lastWindowArrival);
    }

    long windowReceived() {
        return windowReceived;
    }

    double jitterMillis() {
        return jitter * 1_000.0 / clockRate;
    }

    double maxWindowJitterMillis() {
        return maxWindowJitter * 1_000.0 / clockRate;
    }
}
