package org.confero.server.sip;

import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Response;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;

/** The peer hangs up: 200 and leave the room (RFC 3261 §15.1.2). */
final class ByeHandler implements RequestHandler {
    private final Responder responder;
    private final CallRegistry calls;
    private final CallTerminator terminator;

    ByeHandler(Responder responder, CallRegistry calls, CallTerminator terminator) {
        this.responder = responder;
        this.calls = calls;
        this.terminator = terminator;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Optional<FocusCall> call = calls.find(CallIds.of(event.getRequest()));
        if (call.isEmpty()) {
            responder.reject(tx, event.getRequest(), Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, "BYE for no call");
            return;
        }
        responder.ok(tx, event.getRequest());
        terminator.released(call.get(), "BYE from peer");
    }
}
