package org.confero.server.sip;

import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.conference.Leg;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.DtmfInfoParser;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.MediaControl;
import org.confero.server.metrics.Metrics;

/**
 * INFO inside a call (RFC 6086): a DTMF digit, delivered like an RFC 4733 digit, or a keyframe request
 * (RFC 5168 picture_fast_update) for the composite we send the phone.
 */
final class InfoHandler implements RequestHandler {
    private final SipContext sip;
    private final Responder responder;
    private final CallRegistry calls;
    private final Metrics.Counter fastUpdates;

    InfoHandler(SipContext sip, Responder responder, CallRegistry calls) {
        this.sip = sip;
        this.responder = responder;
        this.calls = calls;
        this.fastUpdates = sip.metrics().counter("confero_sip_fast_update_received_total",
                "SIP INFO picture_fast_update requests received from phones");
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        Optional<FocusCall> call = calls.find(CallIds.of(request));
        if (call.isEmpty()) {
            responder.reject(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, "INFO for no call");
            return;
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (type != null && MediaControl.isMediaControlType(type.getContentType(), type.getContentSubType())) {
            mediaControl(tx, request, call.get());
            return;
        }
        if (type == null || !DtmfInfoParser.isDtmfType(type.getContentType(), type.getContentSubType())) {
            responder.reject(tx, request, Response.UNSUPPORTED_MEDIA_TYPE, call.get().roomId(), "INFO body type",
                    sip.headers().createAcceptHeader("application", "dtmf-relay"),
                    sip.headers().createAcceptHeader("application", "dtmf"),
                    sip.headers().createAcceptHeader(MediaControl.TYPE, MediaControl.SUB_TYPE));
            return;
        }
        Optional<Character> digit = DtmfInfoParser.parse(type.getContentSubType(), SipHeaders.body(request));
        if (digit.isEmpty()) {
            responder.reject(tx, request, Response.BAD_REQUEST, call.get().roomId(), "INFO without a DTMF digit");
            return;
        }
        // delivered before the 200, so the phone's digit is never ahead of us
        if (call.get().listener() instanceof CallListener listener) {
            listener.onSignalledDtmf(digit.get());
        } else {
            call.get().listener().onDtmf(digit.get());
        }
        responder.ok(tx, request);
    }

    private void mediaControl(ServerTransaction tx, Request request, FocusCall call) throws Exception {
        if (!MediaControl.isPictureFastUpdate(SipHeaders.body(request))) {
            responder.reject(tx, request, Response.BAD_REQUEST, call.roomId(), "media_control without picture_fast_update");
            return;
        }
        fastUpdates.increment();
        Leg leg = call.leg();
        if (leg != null) { // a delayed-offer call joins at the ACK; a request before it has nothing to refresh
            leg.requestKeyframe();
        }
        responder.ok(tx, request);
    }
}
