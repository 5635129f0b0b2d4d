package org.confero.server.sip;

import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.DtmfInfoParser;
import org.confero.server.sip.focus.FocusCall;

/** INFO inside a call (RFC 6086) carrying a DTMF digit; delivered like an RFC 4733 digit. */
final class InfoHandler implements RequestHandler {
    private final SipContext sip;
    private final Responder responder;
    private final CallRegistry calls;

    InfoHandler(SipContext sip, Responder responder, CallRegistry calls) {
        this.sip = sip;
        this.responder = responder;
        this.calls = calls;
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
        if (type == null || !DtmfInfoParser.isDtmfType(type.getContentType(), type.getContentSubType())) {
            responder.reject(tx, request, Response.UNSUPPORTED_MEDIA_TYPE, call.get().roomId(), "INFO body type",
                    sip.headers().createAcceptHeader("application", "dtmf-relay"),
                    sip.headers().createAcceptHeader("application", "dtmf"));
            return;
        }
        Optional<Character> digit = DtmfInfoParser.parse(type.getContentSubType(), SipHeaders.body(request));
        if (digit.isEmpty()) {
            responder.reject(tx, request, Response.BAD_REQUEST, call.get().roomId(), "INFO without a DTMF digit");
            return;
        }
        call.get().listener().onDtmf(digit.get()); // delivered before the 200, so the phone's digit is never ahead of us
        responder.ok(tx, request);
    }
}
