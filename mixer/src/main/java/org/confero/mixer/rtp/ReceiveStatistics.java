package org.confero.mixer.rtp;

/**
 * Reception statistics for one incoming SSRC: RFC 3550 Appendix A.1 sequence validation, A.3 loss accounting
 * and A.8 interarrival jitter, plus what a report block needs about the sender's last SR (§6.4.1).
 *
 * <p>Not thread-safe: update and report from the same thread (or guard externally). No allocation per packet.
 */
public final class ReceiveStatistics {
    /** RFC 3550 A.1 constants. */
    static final int MIN_SEQUENTIAL = 2;
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;

    private final long ssrc;
    private final int clockRate;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long restarts;
    private long discarded;

    private long firstArrivalNanos;
    private boolean haveTransit;
    private int lastTransit;
    private long jitterQ4;

    private long lastSrCompact;
    private long lastSrArrivalNanos;
    private boolean haveSr;

    public ReceiveStatistics(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    public long ssrc() { return ssrc; }

    /**
     * Accounts one received RTP packet.
     *
     * @param arrivalNanos a monotonic clock ({@link System#nanoTime()})
     * @return true when the packet is valid per RFC 3550 A.1 (past probation, not a wild jump); false for
     *     packets of a source still on probation or a jump awaiting confirmation
     */
    public boolean onPacket(int sequenceNumber, long rtpTimestamp, long arrivalNanos) {
        int seq = sequenceNumber & 0xffff;
        if (!started) {
            started = true;
            initSequence(seq);
            maxSeq = (seq - 1) & 0xffff;
            probation = MIN_SEQUENTIAL;
            firstArrivalNanos = arrivalNanos;
        }
        boolean valid = updateSequence(seq);
        if (valid) {
            updateJitter(rtpTimestamp, arrivalNanos);
        } else {
            discarded++;
        }
        return valid;
    }

    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
        haveTransit = false;
    }

    /** RFC 3550 Appendix A.1 update_seq. */
    private boolean updateSequence(int seq) {
        int udelta = (seq - maxSeq) & 0xffff;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xffff)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSequence(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD; // wrapped
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            // A very large jump: believe it only when the next packet follows it (the sender restarted).
            if (seq == badSeq) {
                initSequence(seq);
                restarts++;
            } else {
                badSeq = (seq + 1) & 0xffff;
                return false;
            }
        }
        // else: duplicate or reordered packet, counted as received (A.3 then may show negative loss).
        received++;
        return true;
    }

    /** RFC 3550 Appendix A.8, in timestamp units, with the jitter kept scaled by 16. */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        long elapsed = arrivalNanos - firstArrivalNanos;
        long arrivalUnits = (elapsed / 1_000_000_000L) * clockRate + (elapsed % 1_000_000_000L) * clockRate
                / 1_000_000_000L;
        int transit = (int) (arrivalUnits - rtpTimestamp); // 32-bit wrap-around arithmetic, as in the RFC
        if (haveTransit) {
            int d = Math.abs(transit - lastTransit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** Remembers an SR from this source (RFC 3550 §6.4.1 LSR/DLSR). */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrCompact = NtpTime.compact(ntpTimestamp);
        lastSrArrivalNanos = arrivalNanos;
        haveSr = true;
    }

    /** Whether the source has passed probation. */
    public boolean isValid() { return started && probation == 0; }

    /** Highest sequence number with wrap-around cycles in the high 16 bits (RFC 3550 A.3). */
    public long extendedHighestSequence() { return (cycles + maxSeq) & 0xffffffffL; }

    public long expected() { return isValid() ? cycles + maxSeq - baseSeq + 1 : 0; }

    public long received() { return received; }

    /** Cumulative lost, may be negative with duplicates (RFC 3550 A.3). */
    public long lost() { return expected() - received; }

    /** Interarrival jitter in timestamp units (RFC 3550 A.8). */
    public long jitter() { return jitterQ4 >> 4; }

    public double jitterMillis() { return jitter() * 1000.0 / clockRate; }

    /**
     * A MOS estimate ({@link MosEstimate}) from the cumulative loss, the current jitter and a round-trip time
     * (negative if unknown).
     */
    public double mosEstimate(long rttNanos) {
        long expected = expected();
        double loss = expected <= 0 ? 0 : Math.max(0, (double) lost() / expected);
        return MosEstimate.of(loss, jitterMillis(), rttNanos < 0 ? -1 : rttNanos / 1e6);
    }

    /** Sender restarts detected (large jump confirmed by a following packet). */
    public long restarts() { return restarts; }

    /** Packets not counted: on probation or unconfirmed jumps. */
    public long discarded() { return discarded; }

    /**
     * Builds this source's report block and starts a new reporting interval (RFC 3550 A.3: fraction lost is
     * over the interval since the previous call). Returns null before the source is valid.
     */
    public ReportBlock reportBlock(long nowNanos) {
        if (!isValid()) {
            return null;
        }
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-0x800000L, Math.min(0x7fffffL, expected - received));
        long dlsr = haveSr ? NtpTime.nanosToCompact(nowNanos - lastSrArrivalNanos) : 0;
        return new ReportBlock(ssrc, Math.min(fraction, 255), (int) lost, extendedHighestSequence(), jitter(),
                haveSr ? lastSrCompact : 0, dlsr);
    }
}
