package org.confero.server.sip;

import java.util.Locale;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import org.confero.server.sip.focus.CallRegistry;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.registrar.LocationService;

/**
 * Who sent an out-of-dialog request about a room: a phone in the room (its INVITE came from this address with
 * this From URI), or a user registered from this address. Chat and a PIN room's conference events are for the
 * people of the meeting, not for anyone who knows the room's URI.
 */
final class RoomMembers {
    /** @param id the participant id, or {@code sip:<user>} for a registered user who is not in the call */
    record Member(String id, String name) {}

    private final SipContext sip;
    private final CallRegistry calls;
    private final LocationService locations;

    RoomMembers(SipContext sip, CallRegistry calls, LocationService locations) {
        this.sip = sip;
        this.calls = calls;
        this.locations = locations;
    }

    Optional<Member> of(String roomId, Request request) {
        String source = SourceAddress.of(request);
        String from = fromUri(request);
        if (from == null) {
            return Optional.empty();
        }
        for (FocusCall call : calls.snapshot()) {
            if (call.roomId().equals(roomId) && call.state() == FocusCall.State.CONFIRMED
                    && source.equals(call.source()) && from.equals(fromUri(call.invite()))) {
                return Optional.of(new Member(call.participantId(), nameOf(request, call.participantId())));
            }
        }
        FromHeader header = (FromHeader) request.getHeader(FromHeader.NAME);
        if (header.getAddress().getURI() instanceof SipURI uri && uri.getUser() != null) {
            String aor = "sip:" + uri.getUser() + "@" + sip.config().domain();
            boolean registeredHere = locations.bindings(aor).stream()
                    .anyMatch(b -> source.equals(contactHost(b.contact())));
            if (registeredHere) {
                return Optional.of(new Member("sip:" + uri.getUser(), nameOf(request, uri.getUser())));
            }
        }
        return Optional.empty();
    }

    static String nameOf(Request request, String fallback) {
        String name = SipHeaders.callerName(request);
        return name == null ? fallback : name.replaceAll("\\p{Cntrl}", "").strip();
    }

    /** {@code user@host} of the From URI, without parameters: what identifies a caller across its requests. */
    private static String fromUri(Request request) {
        if (request.getHeader(FromHeader.NAME) instanceof FromHeader from
                && from.getAddress().getURI() instanceof SipURI uri) {
            return (uri.getUser() == null ? "" : uri.getUser()) + "@" + uri.getHost().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static String contactHost(String contact) {
        int at = contact.indexOf('@');
        int start = at >= 0 ? at + 1 : contact.indexOf(':') + 1;
        int end = start;
        while (end < contact.length() && ":;>".indexOf(contact.charAt(end)) < 0) {
            end++;
        }
        return contact.substring(start, end);
    }
}
