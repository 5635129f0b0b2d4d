package org.confero.server.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Response;

/** OPTIONS: what we can do (RFC 3261 §11.2): methods, SDP bodies, session timers. */
final class OptionsHandler implements RequestHandler {
    private final SipContext sip;
    private final Responder responder;

    OptionsHandler(SipContext sip, Responder responder) {
        this.sip = sip;
        this.responder = responder;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Response response = responder.create(event.getRequest(), Response.OK);
        response.addHeader(SipHeaders.allow(sip.headers()));
        response.addHeader(sip.headers().createAcceptHeader("application", "sdp"));
        response.addHeader(sip.headers().createSupportedHeader("timer"));
        response.addHeader(sip.headers().createAllowEventsHeader(org.confero.server.sip.events.ConferenceEvents.EVENT));
        responder.send(tx, response);
    }
}
