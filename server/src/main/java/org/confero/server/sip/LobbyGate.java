package org.confero.server.sip;

import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.config.GuardConfig;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of a PIN room's lobby. Callers waiting for the PIN take no meeting seat, so they have limits of their
 * own: {@code guard.lobby-per-room} waiting in one room and {@code guard.lobby-per-source} waiting from one
 * address. Over either, the INVITE gets a cheap 486 (RFC 3261 §21.4.24) and a sampled log line. The counts are
 * read from the calls in progress, so nothing has to be given back when a call ends or is admitted.
 */
final class LobbyGate {
    private static final Logger LOG = LoggerFactory.getLogger(LobbyGate.class);

    private final SipContext sip;
    private final Responder responder;
    private final CallRegistry calls;
    private final GuardConfig config;
    private final Metrics.Counter refused;
    private final SampledLog refusedLog = new SampledLog(LOG, 10_000);

    LobbyGate(SipContext sip, Responder responder, CallRegistry calls) {
        this.sip = sip;
        this.responder = responder;
        this.calls = calls;
        this.config = sip.config().guard();
        this.refused = sip.metrics().counter("confero_lobby_refused_total",
                "calls to a PIN room refused because its lobby, or the caller's share of lobbies, was full");
    }

    /** True when the call may wait in the room's lobby (or the room has no PIN); otherwise it was answered 486. */
    boolean admits(ServerTransaction tx, Request request, Room room) throws Exception {
        if (room.pin().isEmpty()) {
            return true;
        }
        String source = SourceAddress.of(request);
        int inRoom = 0;
        int fromSource = 0;
        for (FocusCall c : calls.snapshot()) {
            if (!c.roomHasPin() || c.pinAccepted() || c.state() == FocusCall.State.ENDED) {
                continue;
            }
            if (c.roomId().equals(room.id())) {
                inRoom++;
            }
            if (c.source().equals(source)) {
                fromSource++;
            }
        }
        if (inRoom < config.lobbyPerRoom() && fromSource < config.lobbyPerSource()) {
            return true;
        }
        refused.increment();
        refusedLog.warn(System.currentTimeMillis(), "lobby of room {} full ({} waiting, {} from {})", room.id(),
                inRoom, fromSource, source);
        responder.send(tx, responder.create(request, Response.BUSY_HERE));
        return false;
    }
}
