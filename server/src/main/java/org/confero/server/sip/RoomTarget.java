package org.confero.server.sip;

import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.rooms.Room;

/**
 * The room a request outside any dialog addresses (INVITE, MESSAGE, SUBSCRIBE to {@code sip:<room>@<us>}), or the
 * refusal that says why there is none: 416 for a URI that is not SIP, 403 for a host we do not serve (no open
 * relay), 404 for a room that does not exist.
 */
final class RoomTarget {
    private RoomTarget() {}

    /** @return the room, or empty once the request has been answered with its refusal */
    static Optional<Room> resolve(SipContext sip, Responder responder, ConferenceMedia media, ServerTransaction tx,
            Request request) {
        if (!(request.getRequestURI() instanceof SipURI uri)) {
            responder.reject(tx, request, Response.UNSUPPORTED_URI_SCHEME, null, "not a SIP URI");
            return Optional.empty();
        }
        if (!sip.isLocalHost(uri.getHost())) {
            responder.reject(tx, request, Response.FORBIDDEN, null,
                    request.getMethod() + " for foreign host " + uri.getHost());
            return Optional.empty();
        }
        String roomId = uri.getUser();
        Optional<Room> room = Room.isValidId(roomId) ? media.findRoom(roomId) : Optional.empty();
        if (room.isEmpty()) {
            responder.reject(tx, request, Response.NOT_FOUND, roomId, "no such room");
        }
        return room;
    }
}
