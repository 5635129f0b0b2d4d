package org.confero.server.sip;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.MediaControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a phone for a keyframe by SIP INFO picture_fast_update (RFC 5168) when the room needs one: a new client
 * transaction in the call's dialog, at most one per call per second. Requests come from media threads, so the
 * check is cheap and the sending happens on the SIP timer thread.
 */
final class KeyframeRequester {
    static final long MIN_INTERVAL_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(KeyframeRequester.class);
    private static final long LOG_EVERY = 100;

    private final SipContext sip;
    private final Executor sender;
    private final Clock clock;
    private final Metrics.Counter sent;
    private final Metrics.Counter failed;
    private final AtomicLong failures = new AtomicLong();

    KeyframeRequester(SipContext sip, Executor sender, Clock clock) {
        this.sip = sip;
        this.sender = sender;
        this.clock = clock;
        this.sent = sip.metrics().counter("confero_sip_fast_update_sent_total",
                "SIP INFO picture_fast_update requests sent to phones");
        this.failed = sip.metrics().counter("confero_sip_fast_update_failed_total",
                "SIP INFO picture_fast_update requests that could not be sent");
    }

    /** Called from any thread; never blocks. */
    void request(FocusCall call) {
        if (call.state() != FocusCall.State.CONFIRMED || !call.fastUpdateDue(clock.millis(), MIN_INTERVAL_MILLIS)) {
            return;
        }
        try {
            sender.execute(() -> send(call));
        } catch (RuntimeException e) {
            failed.increment(); // the executor is shutting down
        }
    }

    private void send(FocusCall call) {
        Dialog dialog = call.dialog();
        if (dialog == null || dialog.getState() != DialogState.CONFIRMED || call.state() == FocusCall.State.ENDED) {
            return;
        }
        try {
            Request info = dialog.createRequest(Request.INFO);
            ContentTypeHeader type = sip.headers().createContentTypeHeader(MediaControl.TYPE, MediaControl.SUB_TYPE);
            info.setContent(MediaControl.PICTURE_FAST_UPDATE, type);
            ClientTransaction tx = sip.provider().getNewClientTransaction(info);
            dialog.sendRequest(tx);
            sent.increment();
            LOG.debug("picture_fast_update sent room={} call={}", call.roomId(), call.callId());
        } catch (Exception e) {
            failed.increment();
            if (failures.getAndIncrement() % LOG_EVERY == 0) { // sampled: a broken peer must not flood the log
                LOG.info("picture_fast_update could not be sent room={} call={} ({} failures so far): {}",
                        call.roomId(), call.callId(), failures.get(), e.toString());
            }
        }
    }
}
