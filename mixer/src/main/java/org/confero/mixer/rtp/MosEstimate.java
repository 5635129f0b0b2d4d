package org.confero.mixer.rtp;

/**
 * A mean opinion score estimate from network figures, after the simplified E-model (ITU-T G.107) that
 * Cole and Rosenbluth proposed: effective latency = one-way delay + 2 × jitter + 10 ms codec allowance,
 * R = 93.2 − delay impairment − 2.5 × loss%, MOS = 1 + 0.035 R + 7e-6 R (R − 60)(100 − R).
 * It is a monitoring hint (good / poor), not a measurement of perceived quality.
 */
public final class MosEstimate {
    private MosEstimate() {}

    /**
     * @param lossFraction 0..1
     * @param jitterMillis interarrival jitter
     * @param rttMillis round-trip time (half of it counts as one-way delay); negative when unknown (taken as 0)
     * @return 1.0 .. 4.5
     */
    public static double of(double lossFraction, double jitterMillis, double rttMillis) {
        double latency = Math.max(0, rttMillis) / 2 + 2 * Math.max(0, jitterMillis) + 10;
        double r = 93.2 - (latency < 160 ? latency / 40 : (latency - 120) / 10);
        r -= 2.5 * 100 * Math.max(0, Math.min(1, lossFraction));
        r = Math.max(0, Math.min(100, r));
        double mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
        return Math.max(1.0, Math.min(4.5, mos));
    }
}
