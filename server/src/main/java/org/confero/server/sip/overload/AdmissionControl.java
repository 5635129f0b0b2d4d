package org.confero.server.sip.overload;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Decides, in a few hundred nanoseconds and before any work is done, whether a new call may start. Refusing
 * early is what keeps goodput at capacity under any offered load: a call accepted but not finished costs the
 * server as much as a good one and helps nobody (RFC 6357 §3, "congestion collapse").
 *
 * <ul>
 * <li><b>Call-setup capacity</b>: a token bucket refilled at {@code callsPerSecond} with a short burst.
 * <li><b>Tick budget</b>: while the media clock overruns its 20 ms ticks, new calls from heavy sources are
 *     refused and the others are held to a quarter of the capacity.
 * <li><b>Unconfirmed backlog</b>: calls answered with 200 whose ACK has not come hold a seat, two sockets and a
 *     decoder until the INVITE transaction gives up on them (32 s). When callers stop acknowledging (they gave
 *     up, or a flood never meant to), more than {@code maxUnconfirmed} of them (about two seconds of capacity)
 *     is treated like a late clock: heavy sources refused, the others held to a quarter; beyond twice the bound
 *     every new call is refused, so the backlog stays bounded whatever the callers do.
 * <li><b>Fairness between sources</b>: a source that offered more than its fair share (capacity divided by the
 *     sources seen over the last second) may take tokens only while the bucket holds more than a small reserve,
 *     so one flooding client cannot starve a phone that calls now and then.
 * </ul>
 *
 * Thread-safe; one short critical section per INVITE. The source table is bounded: beyond {@link #MAX_SOURCES}
 * distinct sources in a window, new sources are treated as heavy.
 */
public final class AdmissionControl {
    static final int MAX_SOURCES = 10_000;
    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** What to do with one INVITE. */
    public enum Decision {
        ADMIT,
        /** Beyond the call-setup rate. */
        REFUSE_RATE,
        /** The media clock is missing its budget. */
        REFUSE_MEDIA,
        /** Too many answered calls are still waiting for their ACK. */
        REFUSE_UNCONFIRMED;

        public boolean admitted() {
            return this == ADMIT;
        }
    }

    private final double ratePerNano;
    private final double burst;
    private final double reserve;
    private final int callsPerSecond;
    private final BooleanSupplier mediaOverloaded;
    private final IntSupplier unconfirmed;
    private final int maxUnconfirmed;
    private double tokens;
    private long lastRefillNanos;
    private long windowStartNanos;
    private Map<String, int[]> current = new HashMap<>();
    private Map<String, int[]> previous = new HashMap<>();
    private long offeredThisWindow;
    private long refusedThisWindow;
    private int lightAdmittedInOverload;
    private volatile int refusedPercent;

    public AdmissionControl(int callsPerSecond, BooleanSupplier mediaOverloaded, long nowNanos) {
        this(callsPerSecond, mediaOverloaded, () -> 0, Integer.MAX_VALUE / 2, nowNanos);
    }

    /**
     * @param unconfirmed answered calls waiting for their ACK now; read once per INVITE, so it must be cheap
     * @param maxUnconfirmed the backlog of those above which new calls are refused as in a media overload
     */
    public AdmissionControl(int callsPerSecond, BooleanSupplier mediaOverloaded, IntSupplier unconfirmed,
            int maxUnconfirmed, long nowNanos) {
        if (callsPerSecond < 1) {
            throw new IllegalArgumentException("callsPerSecond must be positive, was " + callsPerSecond);
        }
        if (maxUnconfirmed < 1) {
            throw new IllegalArgumentException("maxUnconfirmed must be positive, was " + maxUnconfirmed);
        }
        this.unconfirmed = unconfirmed;
        this.maxUnconfirmed = maxUnconfirmed;
        this.callsPerSecond = callsPerSecond;
        this.ratePerNano = callsPerSecond / 1e9;
        this.burst = Math.max(10, callsPerSecond / 5.0); // 200 ms of calls: a class starting at 9:00 gets in
        this.reserve = Math.max(2, burst / 5);
        this.mediaOverloaded = mediaOverloaded;
        this.tokens = burst;
        this.lastRefillNanos = nowNanos;
        this.windowStartNanos = nowNanos;
    }

    public int callsPerSecond() {
        return callsPerSecond;
    }

    public int maxUnconfirmed() {
        return maxUnconfirmed;
    }

    /** Share of new calls refused over the last full second, 0-100 (the RFC 7339 loss percentage). */
    public int refusedPercent() {
        return refusedPercent;
    }

    /** @param source who sent the INVITE (address and port): the unit of fairness */
    public synchronized Decision decide(String source, long nowNanos) {
        roll(nowNanos);
        offeredThisWindow++;
        int offered = ++current.computeIfAbsent(current.size() < MAX_SOURCES ? source : "", s -> new int[1])[0];
        refill(nowNanos);
        int[] before = previous.get(source);
        int sources = Math.max(1, Math.max(previous.size(), current.size()));
        boolean heavy = Math.max(offered, before == null ? 0 : before[0]) > callsPerSecond / (double) sources;
        int waitingForAck = unconfirmed.getAsInt();
        if (waitingForAck >= 2 * maxUnconfirmed) {
            refusedThisWindow++;
            return Decision.REFUSE_UNCONFIRMED;
        }
        boolean backlogged = waitingForAck >= maxUnconfirmed;
        if (backlogged || mediaOverloaded.getAsBoolean()) {
            // The media is late or callers stopped acknowledging: heavy sources get nothing, the others a quarter
            // of the capacity, so a flood that costs the server CPU or seats does not also lock out the phones
            // calling now and then.
            if (heavy || lightAdmittedInOverload >= Math.max(1, callsPerSecond / 4)) {
                refusedThisWindow++;
                return backlogged ? Decision.REFUSE_UNCONFIRMED : Decision.REFUSE_MEDIA;
            }
            lightAdmittedInOverload++;
        }
        double floor = heavy ? reserve : 0;
        if (tokens - 1 < floor) {
            refusedThisWindow++;
            return Decision.REFUSE_RATE;
        }
        tokens -= 1;
        return Decision.ADMIT;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastRefillNanos = nowNanos;
        }
    }

    private void roll(long nowNanos) {
        if (nowNanos - windowStartNanos < WINDOW_NANOS) {
            return;
        }
        boolean stale = nowNanos - windowStartNanos >= 2 * WINDOW_NANOS;
        refusedPercent = offeredThisWindow == 0 ? 0 : (int) (100 * refusedThisWindow / offeredThisWindow);
        Map<String, int[]> recycled = previous;
        previous = stale ? new HashMap<>() : current;
        recycled.clear();
        current = recycled;
        offeredThisWindow = 0;
        refusedThisWindow = 0;
        lightAdmittedInOverload = 0;
        windowStartNanos = nowNanos;
    }
}
