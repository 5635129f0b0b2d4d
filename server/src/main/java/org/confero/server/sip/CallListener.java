package org.confero.server.sip;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.server.conference.LegListener;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a SIP call hears from its leg: digits go to the PIN lobby or the DTMF reporter, keyframe requests become
 * SIP INFO picture_fast_update to the phone. Digits arrive on the shared RTP receive thread; what they trigger
 * (admitting from the lobby and the roster broadcast, a BYE after wrong PINs) runs on the signalling executor, in
 * order, so no call's digits ever hold up another call's packets.
 */
final class CallListener implements LegListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallListener.class);
    /** Digits of one call waiting for the executor; a phone keys a few per second, a flood is dropped. */
    static final int MAX_PENDING_DIGITS = 32;

    private final LegListener digits;
    private final FocusCall call;
    private final KeyframeRequester keyframes;
    private final Executor signalling;
    private final Metrics.Counter dropped;
    private final AtomicInteger pending = new AtomicInteger();

    CallListener(LegListener digits, FocusCall call, KeyframeRequester keyframes, Executor signalling,
            Metrics metrics) {
        this.digits = digits;
        this.call = call;
        this.keyframes = keyframes;
        this.signalling = signalling;
        this.dropped = metrics.counter("sip_dtmf_dropped_total", "DTMF digits dropped: too many waiting for one call");
    }

    @Override
    public void onDtmf(char digit) {
        if (pending.incrementAndGet() > MAX_PENDING_DIGITS) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        try {
            signalling.execute(() -> {
                try {
                    digits.onDtmf(digit);
                } catch (RuntimeException e) {
                    LOG.warn("digit handling failed room={} participant={} call={}", call.roomId(),
                            call.participantId(), call.callId(), e);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // shutting down
        }
    }

    /** A digit from SIP INFO: already on a signalling thread, handled before the INFO is answered. */
    void onSignalledDtmf(char digit) {
        digits.onDtmf(digit);
    }

    @Override
    public void onKeyframeNeeded() {
        keyframes.request(call);
    }
}
