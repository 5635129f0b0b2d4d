package org.confero.server.sip;

import java.time.Clock;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;

/**
 * One periodic sweep over all calls (no timer per call): refreshes sessions we refresh, ends calls whose session
 * timer ran out (RFC 4028 §10),
 * calls that receive no RTP while not on hold, and calls stuck before the ACK or the answer.
 */
final class CallSupervisor implements Runnable {
    /** RFC 3261 §13.3.1.4: the UAS gives up on the ACK after 64*T1 (32 s); we allow some more. */
    static final long NO_ACK_MILLIS = 40_000;
    static final long RINGING_MILLIS = 180_000;

    private final CallRegistry calls;
    private final CallTerminator terminator;
    private final SessionRefresher refresher;
    private final Clock clock;
    private final long rtpTimeoutMillis;
    private final Metrics.Counter sessionExpiries;
    private final Metrics.Counter rtpTimeouts;
    private final Metrics.Counter vanished;

    CallSupervisor(CallRegistry calls, CallTerminator terminator, SessionRefresher refresher, Clock clock,
            int rtpTimeoutSeconds, Metrics metrics) {
        this.calls = calls;
        this.terminator = terminator;
        this.refresher = refresher;
        this.clock = clock;
        this.rtpTimeoutMillis = rtpTimeoutSeconds * 1000L;
        this.sessionExpiries = metrics.counter("sip_session_timer_expiries_total", "calls ended because no session refresh came");
        this.rtpTimeouts = metrics.counter("sip_rtp_timeouts_total", "calls ended because no RTP arrived");
        this.vanished = metrics.counter("sip_calls_vanished_total", "calls that never sent an ACK or were never answered");
    }

    @Override
    public void run() {
        long now = clock.millis();
        for (FocusCall call : calls.snapshot()) {
            try {
                check(call, now);
            } catch (RuntimeException e) {
                terminator.released(call, "supervisor error: " + e);
            }
        }
    }

    private void check(FocusCall call, long now) {
        switch (call.state()) {
            case CONFIRMED -> {
                long silent = call.millisWithoutRtp(now);
                if (call.sessionExpired(now)) {
                    sessionExpiries.increment();
                    terminator.hangUp(call, "session timer expired");
                } else if (silent >= rtpTimeoutMillis) {
                    rtpTimeouts.increment();
                    terminator.hangUp(call, "no RTP for " + silent / 1000 + " s");
                } else if (call.refreshDue(now)) {
                    refresher.refresh(call);
                }
            }
            case ANSWERED -> {
                if (now - call.createdMillis() > NO_ACK_MILLIS) {
                    vanished.increment();
                    terminator.hangUp(call, "no ACK for the 200 OK");
                }
            }
            case RINGING -> {
                if (now - call.createdMillis() > RINGING_MILLIS) {
                    vanished.increment();
                    terminator.hangUp(call, "never answered");
                }
            }
            case ENDED -> terminator.released(call, "already ended");
        }
    }
}
