package org.confero.server.signalling;

import java.util.ArrayDeque;
import java.util.Queue;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Ordered, non-blocking sending to one socket. Messages the media side sends while the join is still in progress
 * (roster, candidates) wait until {@code joined} went out, so the browser always sees {@code joined} first.
 */
final class Outbox {
    private static final int MAX_HELD = 256;

    private final Session session;
    private final MessageCodec codec;
    private final Queue<ServerMessage> held = new ArrayDeque<>();
    private boolean open;
    private boolean closing;
    private String closeReason;

    Outbox(Session session, MessageCodec codec) {
        this.session = session;
        this.codec = codec;
    }

    /** Sends now, regardless of the join state (replies to the browser's own requests). */
    synchronized void reply(ServerMessage message) {
        if (!closing) {
            session.sendText(codec.encode(message), Callback.NOOP);
        }
    }

    /** Sends when the join completed; before that holds the message (bounded). */
    synchronized void push(ServerMessage message) {
        if (closing) {
            return;
        }
        if (open) {
            session.sendText(codec.encode(message), Callback.NOOP);
        } else if (held.size() < MAX_HELD) {
            held.add(message);
        }
    }

    /** A refused join: what the media side sent meanwhile belongs to no call. */
    synchronized void discardHeld() {
        held.clear();
    }

    /** Sends {@code joined}, then everything held back. */
    synchronized void openWith(ServerMessage.Joined joined) {
        reply(joined);
        open = true;
        while (!held.isEmpty()) {
            session.sendText(codec.encode(held.poll()), Callback.NOOP);
        }
        if (closeReason != null) {
            closeNow(StatusCode.NORMAL, closeReason);
        }
    }

    /** Sends {@code bye} now and closes (the socket's own decisions: leave, timeouts, abuse). */
    synchronized void byeNow(String reason) {
        closeAfter(new ServerMessage.Bye(reason), StatusCode.NORMAL, reason);
    }

    /** The media side's {@code bye}: while the join is in progress it waits for {@code joined} to go out first. */
    synchronized void bye(String reason) {
        if (closing) {
            return;
        }
        push(new ServerMessage.Bye(reason));
        if (open) {
            closeNow(StatusCode.NORMAL, reason);
        } else {
            closeReason = reason;
        }
    }

    /** Sends a last message (if any) and closes with the given WebSocket status (RFC 6455 §7.4.1). */
    synchronized void closeAfter(ServerMessage last, int status, String reason) {
        if (last != null && !closing) {
            reply(last);
        }
        closeNow(status, reason);
    }

    private void closeNow(int status, String reason) {
        if (!closing) {
            closing = true;
            session.close(status, reason, Callback.NOOP);
        }
    }
}
