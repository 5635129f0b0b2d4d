package org.confero.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.ListIterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.AllowHeader;
import javax.sip.message.Request;
import org.confero.server.chat.ChatHub;
import org.confero.server.chat.ChatMessage;
import org.confero.server.metrics.Metrics;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a room's chat to its phones as in-dialog MESSAGE (RFC 3428), to those whose INVITE's Allow listed
 * MESSAGE, prefixed with the sender's name. The sending runs on the SIP timer thread, never on the poster's.
 */
final class SipChatRelay implements ChatHub.Relay {
    private static final Logger LOG = LoggerFactory.getLogger(SipChatRelay.class);

    private final SipContext sip;
    private final CallRegistry calls;
    private final Executor sender;
    private final Metrics.Counter sent;
    private final Metrics.Counter failed;

    SipChatRelay(SipContext sip, CallRegistry calls, Executor sender) {
        this.sip = sip;
        this.calls = calls;
        this.sender = sender;
        this.sent = sip.metrics().counter("confero_sip_chat_sent_total", "Chat lines sent to phones as SIP MESSAGE");
        this.failed = sip.metrics().counter("confero_sip_chat_failed_total",
                "Chat lines that could not be sent to a phone");
    }

    @Override
    public void deliver(ChatMessage message) {
        for (FocusCall call : calls.snapshot()) {
            if (call.roomId().equals(message.roomId()) && call.state() == FocusCall.State.CONFIRMED
                    && !call.participantId().equals(message.senderId()) && allowsMessage(call.invite())) {
                try {
                    sender.execute(() -> send(call, message));
                } catch (RejectedExecutionException e) {
                    failed.increment(); // shutting down
                }
            }
        }
    }

    private void send(FocusCall call, ChatMessage message) {
        Dialog dialog = call.dialog();
        if (dialog == null || call.state() != FocusCall.State.CONFIRMED) {
            return;
        }
        try {
            Request request = dialog.createRequest(Request.MESSAGE);
            javax.sip.header.ContentTypeHeader type = sip.headers().createContentTypeHeader("text", "plain");
            type.setParameter("charset", "UTF-8");
            request.setContent((message.senderName() + ": " + message.text()).getBytes(StandardCharsets.UTF_8), type);
            ClientTransaction tx = sip.provider().getNewClientTransaction(request);
            dialog.sendRequest(tx);
            sent.increment();
        } catch (Exception e) {
            failed.increment();
            LOG.info("chat MESSAGE failed room={} participant={} call={}: {}", call.roomId(), call.participantId(),
                    call.callId(), e.toString());
        }
    }

    /** RFC 3261 §20.5: the methods the phone takes within the dialog. */
    static boolean allowsMessage(Request invite) {
        for (ListIterator<?> it = invite.getHeaders(AllowHeader.NAME); it != null && it.hasNext();) {
            Object h = it.next();
            String method = h instanceof AllowHeader a ? a.getMethod() : String.valueOf(h);
            if (method != null) {
                for (String m : method.split(",")) {
                    if (Request.MESSAGE.equalsIgnoreCase(m.trim())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
