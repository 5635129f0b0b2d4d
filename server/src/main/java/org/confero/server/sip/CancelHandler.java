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
    private final PendingInvites pending;

    CancelHandler(Responder responder, CallRegistry calls, CallTerminator terminator, PendingInvites pending) {
        this.responder = responder;
        this.calls = calls;
        this.terminator = terminator;
        this.pending = pending;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        String callId = CallIds.of(event.getRequest());
        Optional<FocusCall> call = calls.find(callId);
        if (call.isEmpty() && pending.cancel(callId)) {
            // still joining the room: the INVITE's handler sees the mark and answers 487 itself
            responder.ok(tx, event.getRequest());
            return;
        }
        if (call.isEmpty()) {
            call = calls.find(callId); // its INVITE may have registered it since we looked
        }
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
