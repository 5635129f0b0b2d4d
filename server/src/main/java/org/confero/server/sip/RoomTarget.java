package org.confero.server.sip;

import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import javax.sip.address.Address;
import javax.sip.header.ContactHeader;
import org.confero.server.cluster.NodeInfo;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.rooms.Room;

/**
 * The room a request outside any dialog addresses (INVITE, MESSAGE, SUBSCRIBE to {@code sip:<room>@<us>}), or the
 * refusal that says why there is none: 416 for a URI that is not SIP, 403 for a host we do not serve (no open
 * relay), 404 for a room that does not exist; in cluster mode, 302 to the node that holds the room when that is
 * another node (the SIP front follows it; see deploy/kamailio/).
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
            return room;
        }
        Optional<NodeInfo> owner = sip.roomHome().elsewhere(roomId);
        if (owner.isPresent()) {
            redirect(sip, responder, tx, request, roomId, owner.get());
            return Optional.empty();
        }
        return room;
    }

    /** RFC 3261 §21.3.3: 302 with one Contact, the room's URI on the node that holds it. */
    private static void redirect(SipContext sip, Responder responder, ServerTransaction tx, Request request,
            String roomId, NodeInfo owner) {
        try {
            Response moved = responder.create(request, Response.MOVED_TEMPORARILY);
            Address target = sip.addresses().createAddress("sip:" + roomId + "@" + owner.sipAddress());
            ContactHeader contact = sip.headers().createContactHeader(target);
            moved.addHeader(contact);
            sip.metrics().counter("sip_room_redirects_total", "requests for a room sent to the node holding it")
                    .increment();
            responder.send(tx, moved);
        } catch (Exception e) {
            responder.reject(tx, request, Response.SERVER_INTERNAL_ERROR, roomId, "redirect failed: " + e);
        }
    }
}
