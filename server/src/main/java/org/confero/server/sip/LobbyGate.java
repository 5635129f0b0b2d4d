package org.confero.server.sip;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * The door of a room's lobby (a PIN room, a room with a lobby, a scheduled room). Callers waiting for the PIN or
 * for a host or the start take no meeting seat, so they have limits of their
 * own: {@code guard.lobby-per-room} waiting in one room and {@code guard.lobby-per-source} waiting from one
 * address. Over either, the INVITE gets a cheap 486 (RFC 3261 §21.4.24) and a sampled log line. A place is taken
 * atomically when the INVITE passes (INVITEs arrive on several stack threads at once) and given back lazily: the
 * next check drops places whose call has ended or been admitted, or never became a call within a few seconds.
 */
final class LobbyGate {
    private static final Logger LOG = LoggerFactory.getLogger(LobbyGate.class);
    /** An INVITE that passed the gate but is not a call this long after was refused further on. */
    private static final long NEVER_A_CALL_NANOS = 5_000_000_000L;

    private final SipContext sip;
    private final Responder responder;
    private final CallRegistry calls;
    private final GuardConfig config;
    private final Metrics.Counter refused;
    private final SampledLog refusedLog = new SampledLog(LOG, 10_000);
    /** Places by Call-ID; at most guard.lobby-per-room per room, and only existing rooms get here. */
    private final Map<String, Place> places = new HashMap<>();

    private record Place(String roomId, String source, long sinceNanos) {}

    LobbyGate(SipContext sip, Responder responder, CallRegistry calls) {
        this.sip = sip;
        this.responder = responder;
        this.calls = calls;
        this.config = sip.config().guard();
        this.refused = sip.metrics().counter("confero_lobby_refused_total",
                "calls to a room refused because its lobby, or the caller's share of lobbies, was full");
    }

    /** True when the call may wait in the room's lobby (or nobody waits there); otherwise it was answered 486. */
    boolean admits(ServerTransaction tx, Request request, Room room) throws Exception {
        if (room.pin().isEmpty() && !room.lobby() && room.occurrence().isEmpty()) {
            return true; // nobody waits in this room: callers enter or are refused at once
        }
        String source = SourceAddress.of(request);
        int inRoom = 0;
        int fromSource = 0;
        synchronized (places) {
            long now = System.nanoTime();
            places.entrySet().removeIf(e -> gone(e.getKey(), e.getValue(), now));
            for (Place p : places.values()) {
                inRoom += p.roomId().equals(room.id()) ? 1 : 0;
                fromSource += p.source().equals(source) ? 1 : 0;
            }
            if (inRoom < config.lobbyPerRoom() && fromSource < config.lobbyPerSource()) {
                places.put(CallIds.of(request), new Place(room.id(), source, now));
                return true;
            }
        }
        refused.increment();
        refusedLog.warn(System.currentTimeMillis(), "lobby of room {} full ({} waiting, {} from {})", room.id(),
                inRoom, fromSource, source);
        responder.send(tx, responder.create(request, Response.BUSY_HERE));
        return false;
    }

    private boolean gone(String callId, Place place, long now) {
        Optional<FocusCall> call = calls.find(callId);
        if (call.isEmpty()) {
            return now - place.sinceNanos() > NEVER_A_CALL_NANOS; // refused after the gate, or a duplicate
        }
        return call.get().inMeeting() || call.get().state() == FocusCall.State.ENDED;
    }
}
