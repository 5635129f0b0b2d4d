package org.confero.server.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;

/** ACK for our 2xx confirms the dialog (RFC 3261 §13.3.1.4); ACKs for re-INVITEs change nothing. */
final class AckHandler implements RequestHandler {
    private final CallRegistry calls;

    AckHandler(CallRegistry calls) {
        this.calls = calls;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) {
        calls.find(CallIds.of(event.getRequest()))
                .ifPresent(call -> call.moveTo(FocusCall.State.ANSWERED, FocusCall.State.CONFIRMED));
    }
}
