package org.confero.server.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Response;

/** Methods the server does not implement: 405 with the Allow list (RFC 3261 §8.2.1). */
final class MethodNotAllowedHandler implements RequestHandler {
    private final SipContext sip;
    private final Responder responder;

    MethodNotAllowedHandler(SipContext sip, Responder responder) {
        this.sip = sip;
        this.responder = responder;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        responder.reject(tx, event.getRequest(), Response.METHOD_NOT_ALLOWED, null,
                "method " + event.getRequest().getMethod() + " not supported", SipHeaders.allow(sip.headers()));
    }
}
