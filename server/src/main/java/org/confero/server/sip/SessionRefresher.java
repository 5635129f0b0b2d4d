package org.confero.server.sip;

import java.time.Clock;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.metrics.Metrics;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes sessions where the focus is the refresher (RFC 4028 §10): a re-INVITE with our current SDP half-way
 * through the interval, ACKed on its 2xx. Without a successful refresh the supervisor's expiry check ends the call.
 */
final class SessionRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRefresher.class);

    private final SipContext sip;
    private final CallAnswerer answerer;
    private final CallRegistry calls;
    private final CallTerminator terminator;
    private final Clock clock;
    private final Metrics.Counter refreshes;

    SessionRefresher(SipContext sip, CallAnswerer answerer, CallRegistry calls, CallTerminator terminator, Clock clock) {
        this.sip = sip;
        this.answerer = answerer;
        this.calls = calls;
        this.terminator = terminator;
        this.clock = clock;
        this.refreshes = sip.metrics().counter("sip_session_refreshes_sent_total", "re-INVITEs sent to refresh sessions");
    }

    void refresh(FocusCall call) {
        SessionTimerPolicy.Decision.Timer timer = call.sessionTimer();
        Dialog dialog = call.dialog();
        if (timer == null || dialog == null) {
            return;
        }
        call.refreshSent(clock.millis());
        try {
            Request reInvite = dialog.createRequest(Request.INVITE);
            reInvite.addHeader(answerer.contact(call.invite(), call.roomId()));
            reInvite.addHeader(sip.headers().createSupportedHeader("timer"));
            reInvite.addHeader(sip.headers().createHeader("Session-Expires", timer.headerValue()));
            // RFC 4028 §10 / RFC 3264 §8: the refresh offers the session as it stands, under a new o= version.
            SessionDescription sdp = call.localSdp().withVersion(call.nextSdpVersion());
            call.localSdp(sdp);
            ContentTypeHeader type = sip.headers().createContentTypeHeader("application", "sdp");
            reInvite.setContent(sdp.encode(), type);
            ClientTransaction tx = sip.provider().getNewClientTransaction(reInvite);
            dialog.sendRequest(tx);
            refreshes.increment();
            LOG.debug("session refresh sent room={} call={}", call.roomId(), call.callId());
        } catch (Exception e) {
            LOG.info("session refresh failed room={} call={}: {}", call.roomId(), call.callId(), e.toString());
        }
    }

    /** Responses to our refresh re-INVITEs (responses to our BYEs need nothing). */
    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || !Request.INVITE.equals(cseq.getMethod())) {
            return;
        }
        FocusCall call = calls.find(CallIds.of(response)).orElse(null);
        if (call == null) {
            return;
        }
        int status = response.getStatusCode();
        try {
            if (status >= 200 && status < 300 && event.getDialog() != null) {
                // RFC 3261 §13.2.2.4: the UAC ACKs every 2xx; the peer's answer keeps our media as it was.
                Dialog dialog = event.getDialog();
                dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
                call.refreshAnswered(clock.millis());
            } else if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || status == Response.REQUEST_TIMEOUT) {
                // RFC 3261 §12.2.1.2: the dialog is gone.
                terminator.hangUp(call, "session refresh answered " + status);
            }
        } catch (Exception e) {
            LOG.info("handling the refresh answer failed room={} call={}: {}", call.roomId(), call.callId(), e.toString());
        }
    }
}
