package org.confero.server.sip;

import java.util.ListIterator;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.AcceptHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.rooms.Room;
import org.confero.server.sip.events.ConferenceEvents;

/**
 * SUBSCRIBE to a room URI for the conference event package (RFC 4575, RFC 6665): a new subscription gets 200
 * and its first NOTIFY; a SUBSCRIBE inside the subscription's dialog refreshes it or, with Expires: 0, ends it.
 */
final class SubscribeHandler implements RequestHandler {
    private static final int DEFAULT_EXPIRES = 3600;

    private final SipContext sip;
    private final Responder responder;
    private final ConferenceMedia media;
    private final ConferenceEvents events;
    private final CallAnswerer answerer;
    private final RoomMembers members;

    SubscribeHandler(SipContext sip, Responder responder, ConferenceMedia media, ConferenceEvents events,
            CallAnswerer answerer, RoomMembers members) {
        this.members = members;
        this.sip = sip;
        this.responder = responder;
        this.media = media;
        this.events = events;
        this.answerer = answerer;
    }

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        EventHeader eventHeader = (EventHeader) request.getHeader(EventHeader.NAME);
        if (eventHeader == null || !ConferenceEvents.EVENT.equalsIgnoreCase(eventHeader.getEventType())) {
            responder.reject(tx, request, Response.BAD_EVENT, null, "event package not supported",
                    sip.headers().createAllowEventsHeader(ConferenceEvents.EVENT));
            return;
        }
        if (!acceptsConferenceInfo(request)) {
            responder.reject(tx, request, Response.NOT_ACCEPTABLE, null, "Accept lacks conference-info+xml");
            return;
        }
        Optional<Integer> expires = expires(request);
        if (expires.isEmpty()) {
            responder.reject(tx, request, Response.BAD_REQUEST, null, "bad Expires");
            return;
        }
        int seconds = expires.get();
        if (seconds > 0 && seconds < ConferenceEvents.MIN_EXPIRES) {
            responder.reject(tx, request, Response.INTERVAL_TOO_BRIEF, null, "subscription interval too brief",
                    sip.headers().createMinExpiresHeader(ConferenceEvents.MIN_EXPIRES));
            return;
        }
        String callId = CallIds.of(request);
        boolean inDialog = request.getHeader(ToHeader.NAME) instanceof ToHeader to && to.getTag() != null;
        if (inDialog) {
            Optional<String> room = events.roomOf(callId);
            if (room.isEmpty()) {
                responder.reject(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null,
                        "SUBSCRIBE refresh for no subscription");
                return;
            }
            responder.send(tx, answer(request, room.get(), seconds));
            events.refresh(callId, seconds);
            return;
        }
        Optional<Room> room = RoomTarget.resolve(sip, responder, media, tx, request);
        if (room.isEmpty()) {
            return;
        }
        String roomId = room.get().id();
        if (room.get().pin().isPresent() && members.of(roomId, request).isEmpty()) {
            // Who is in a PIN room is for the people in it (or registered users), not for whoever knows its URI.
            responder.reject(tx, request, Response.FORBIDDEN, roomId, "PIN room's events are for its participants");
            return;
        }
        if (tx == null || events.has(callId)) {
            responder.reject(tx, request, Response.LOOP_DETECTED, roomId, "SUBSCRIBE with a known Call-ID");
            return;
        }
        Response ok = answer(request, roomId, seconds);
        // The stack made the dialog with the transaction (automatic dialog support): the 200 confirms it.
        Dialog dialog = tx.getDialog() != null ? tx.getDialog() : sip.provider().getNewDialog(tx);
        ConferenceEvents.Admission admission = events.subscribe(callId, roomId, SourceAddress.of(request), dialog,
                seconds);
        switch (admission) {
            case ACCEPTED -> {
                try {
                    responder.send(tx, ok);
                } catch (Exception e) {
                    events.abandon(callId);
                    throw e;
                }
                events.start(callId);
            }
            case SOURCE_FULL -> responder.reject(tx, request, Response.FORBIDDEN, roomId,
                    "too many conference subscriptions from this address");
            case ROOM_FULL, SERVER_FULL -> responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, roomId,
                    "too many conference subscriptions", sip.headers().createRetryAfterHeader(60));
        }
    }

    private Response answer(Request request, String roomId, int seconds) throws Exception {
        Response ok = responder.create(request, Response.OK);
        ok.addHeader(answerer.contact(request, roomId));
        ok.addHeader(sip.headers().createExpiresHeader(seconds));
        return ok;
    }

    /** RFC 6665 §3.1.1: no Expires means the package's default; ours is capped. */
    private static Optional<Integer> expires(Request request) {
        ExpiresHeader header = request.getExpires();
        if (header == null) {
            return Optional.of(DEFAULT_EXPIRES);
        }
        int value = header.getExpires();
        return value < 0 ? Optional.empty() : Optional.of(Math.min(value, ConferenceEvents.MAX_EXPIRES));
    }

    /** RFC 4575 §3.3: a SUBSCRIBE with Accept must list the package's type (or a wildcard). */
    private static boolean acceptsConferenceInfo(Request request) {
        ListIterator<?> it = request.getHeaders(AcceptHeader.NAME);
        if (it == null || !it.hasNext()) {
            return true;
        }
        while (it.hasNext()) {
            AcceptHeader a = (AcceptHeader) it.next();
            String type = a.getContentType();
            String sub = a.getContentSubType();
            if (("*".equals(type) || "application".equalsIgnoreCase(type))
                    && ("*".equals(sub) || "conference-info+xml".equalsIgnoreCase(sub))) {
                return true;
            }
        }
        return false;
    }
}
