package org.confero.server.sip;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.chat.ChatHub;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.guard.SourceRateLimit;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.registrar.LocationService;

/**
 * SIP MESSAGE (RFC 3428) to a room joins the room's chat: inside a call's dialog, or to the room URI from a phone
 * that is in the room (same address and From URI as its INVITE) or from a user registered from that address.
 * Only {@code text/plain}; 202 once the line went to the room.
 */
final class MessageHandler implements RequestHandler {
    /** Larger than any chat line can be in UTF-8 (4 bytes × the character limit would be generous). */
    static final int MAX_BODY_BYTES = 4 * ChatHub.MAX_TEXT_CHARS;

    private final SipContext sip;
    private final Responder responder;
    private final CallRegistry calls;
    private final ConferenceMedia media;
    private final RoomMembers members;
    private final ChatHub chat;
    private final SourceRateLimit rate;
    private final Metrics.Counter limited;

    MessageHandler(SipContext sip, Responder responder, CallRegistry calls, ConferenceMedia media,
            LocationService locations, ChatHub chat, SourceRateLimit rate) {
        this.sip = sip;
        this.responder = responder;
        this.calls = calls;
        this.media = media;
        this.members = new RoomMembers(sip, calls, locations);
        this.chat = chat;
        this.rate = rate;
        this.limited = sip.metrics().counter("confero_sip_message_rate_limited_total",
                "SIP MESSAGE chat lines refused by the per-source rate");
    }

    private record Sender(String roomId, String id, String name) {}

    @Override
    public void handle(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        boolean inDialog = request.getHeader(ToHeader.NAME) instanceof ToHeader to && to.getTag() != null;
        Optional<Sender> sender;
        if (inDialog) {
            Optional<FocusCall> call = calls.find(CallIds.of(request));
            if (call.isEmpty()) {
                responder.reject(tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, "MESSAGE for no call");
                return;
            }
            FocusCall c = call.get();
            sender = Optional.of(new Sender(c.roomId(), c.participantId(),
                    RoomMembers.nameOf(request, c.participantId())));
        } else {
            Optional<Room> room = RoomTarget.resolve(sip, responder, media, tx, request);
            if (room.isEmpty()) {
                return;
            }
            String roomId = room.get().id();
            sender = members.of(roomId, request).map(m -> new Sender(roomId, m.id(), m.name()));
            if (sender.isEmpty()) {
                responder.reject(tx, request, Response.FORBIDDEN, roomId, "MESSAGE from outside the room");
                return;
            }
        }
        String roomId = sender.get().roomId();
        if (!rate.tryTake(SourceAddress.of(request))) {
            limited.increment();
            responder.reject(tx, request, Response.SERVICE_UNAVAILABLE, roomId, "chat rate exceeded",
                    sip.headers().createRetryAfterHeader(1));
            return;
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (type == null || !"text".equalsIgnoreCase(type.getContentType())
                || !"plain".equalsIgnoreCase(type.getContentSubType())) {
            responder.reject(tx, request, Response.UNSUPPORTED_MEDIA_TYPE, roomId, "MESSAGE body type",
                    sip.headers().createAcceptHeader("text", "plain"));
            return;
        }
        byte[] body = request.getRawContent();
        if (body != null && body.length > MAX_BODY_BYTES) {
            responder.reject(tx, request, Response.REQUEST_ENTITY_TOO_LARGE, roomId, "MESSAGE body too large");
            return;
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        Optional<ChatHub.Refusal> refusal = ChatHub.check(text);
        if (refusal.isPresent()) {
            responder.reject(tx, request, refusal.get() == ChatHub.Refusal.EMPTY ? Response.BAD_REQUEST
                    : Response.REQUEST_ENTITY_TOO_LARGE, roomId, "chat text " + refusal.get());
            return;
        }
        chat.post(roomId, sender.get().id(), sender.get().name(), text);
        responder.send(tx, responder.create(request, Response.ACCEPTED));
    }
}
