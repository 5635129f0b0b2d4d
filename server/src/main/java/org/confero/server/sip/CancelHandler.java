package org.confero.server.sip;

import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Response;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;

/** CANCEL of a ringing call: 200 to the CANCEL, 487 to the INVITE (RFC 3261 §9.2). */
final class CancelHandler implements RequestHandler {
    private final Responder responder;
    private final CallRegistry calls;
    private final CallTerminator terminator;

    CancelHandler(Responder responder, CallRegistry calls, CallTerminator terminator) {
        this.responder = responder;
        this.calls = calls;
        this.terminator = terminator;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Optional<FocusCall> call = calls.find(CallIds.of(event.getRequest()));
        if (call.isEmpty()) {
            responder.reject(tx, event.getRequest(), Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null,
                    "CANCEL for no call");
            return;
        }
        responder.ok(tx, event.getRequest());
        // Too late when the 200 already went out: the caller will ACK and BYE instead.
        terminator.cancelled(call.get());
    }
}
