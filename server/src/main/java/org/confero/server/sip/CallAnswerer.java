package org.confero.server.sip;

import java.util.Optional;
import org.confero.server.net.AnnouncedAddress;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.sdp.LocalOffer;
import org.confero.server.sdp.SdpAnswer;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;
import org.confero.server.transport.MediaEndpoint;

/** Builds the focus's provisional and final answers to INVITEs: tag, Contact, SDP and session-timer headers. */
final class CallAnswerer {
    private final SipContext sip;
    private final Responder responder;

    CallAnswerer(SipContext sip, Responder responder) {
        this.sip = sip;
        this.responder = responder;
    }

    Response provisional(FocusCall call, int status) throws Exception {
        Response r = sip.messages().createResponse(status, call.invite());
        ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(call.toTag());
        return r;
    }

    /** 200 OK carrying an SDP body (an answer, or our offer for a re-INVITE without one). */
    Response ok(Request request, FocusCall call, SessionDescription sdp, SessionTimerPolicy.Decision.Timer timer)
            throws Exception {
        Response r = sip.messages().createResponse(Response.OK, request);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag(call.toTag());
        }
        r.addHeader(contact(request, call.roomId()));
        r.addHeader(SipHeaders.allow(sip.headers()));
        r.addHeader(sip.headers().createSupportedHeader("timer"));
        if (timer != null) {
            r.addHeader(sip.headers().createHeader("Session-Expires", timer.headerValue()));
            if (!timer.weRefresh()) {
                // RFC 4028 §9: Require tells the refreshing UAC that the timer is in force.
                r.addHeader(sip.headers().createRequireHeader("timer"));
            }
        }
        ContentTypeHeader type = sip.headers().createContentTypeHeader("application", "sdp");
        r.setContent(sdp.encode(), type);
        return r;
    }

    void sendInitialAnswer(FocusCall call, SessionTimerPolicy.Decision.Timer timer) throws Exception {
        String host = mediaHost(call.invite());
        SessionDescription answer = call.awaitingAnswer()
                ? LocalOffer.build(sessionId(call), call.sdpVersion(), host, call.endpoint().localRtpPort(),
                        call.videoEndpoint().orElseThrow().localRtpPort())
                : answer(call, sessionId(call), call.sdpVersion(), host);
        call.localSdp(answer);
        Response ok = ok(call.invite(), call, answer, timer);
        // A CANCEL may have won the race; only the first of answer and cancel takes the call forward.
        if (call.moveTo(FocusCall.State.RINGING, FocusCall.State.ANSWERED)) {
            ServerTransaction tx = call.inviteTransaction();
            responder.send(tx, ok);
        }
    }

    /** Our answer to the call's current offer: its audio and video on the call's sockets (RFC 3264 §6). */
    static SessionDescription answer(FocusCall call, String sessionId, long version, String host) {
        int videoPort = call.videoEndpoint().map(MediaEndpoint::localRtpPort).orElse(0);
        Optional<org.confero.server.sdp.VideoSelection> video = videoPort == 0 ? Optional.empty() : call.video();
        SessionDescription plain = SdpAnswer.build(call.selection(), call.endpoint().localRtpPort(), video, videoPort,
                sessionId, version, host);
        // RFC 4568 §7.1.2: our key in each keyed section of the answer
        return call.security().attach(plain, call.selection().mediaIndex(),
                video.map(org.confero.server.sdp.VideoSelection::mediaIndex).orElse(-1));
    }

    /**
     * Our media address: {@code media.public-address} when set, else the bind address, else (bound to every
     * address) the address of the interface the request came in on: the transport's local address (TCP), or the
     * one the kernel routes replies to the sender from (UDP on a wildcard socket cannot tell). Never 0.0.0.0.
     */
    String mediaHost(Request request) {
        if (sip.mediaPublicAddress().isPresent()) {
            return sip.mediaPublicAddress().get();
        }
        String advertised = sip.advertisedHost();
        if (!AnnouncedAddress.isWildcard(advertised)) {
            return advertised;
        }
        if (request instanceof gov.nist.javax.sip.message.SIPMessage m) {
            java.net.InetAddress local = m.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
            java.net.InetAddress peer = m.getRemoteAddress();
            if (peer != null) {
                java.util.Optional<String> towards = AnnouncedAddress.localAddressTowards(peer);
                if (towards.isPresent()) {
                    return towards.get();
                }
            }
        }
        return AnnouncedAddress.defaultRouteAddress().orElse("127.0.0.1");
    }

    ContactHeader contact(Request request, String roomId) throws Exception {
        String host = mediaHost(request);
        SipURI uri = sip.addresses().createSipURI(roomId, host.contains(":") ? "[" + host + "]" : host);
        String transport = SipHeaders.transport(request);
        if (transport.equals("tls") && sip.tlsPort() != 0) {
            // In-dialog requests (BYE, re-INVITE) must come back over TLS: RFC 5630 §3.1.3 wants a sips: Contact
            // when the request was sips:, and phones that do not know sips: (baresip 1.0) send transport=tls.
            uri.setPort(sip.tlsPort());
            if (request.getRequestURI() instanceof SipURI r && r.isSecure()) {
                uri.setSecure(true);
            } else {
                uri.setTransportParam("tls");
            }
        } else {
            uri.setPort(sip.port());
            if (!transport.equals("udp")) {
                uri.setTransportParam(transport);
            }
        }
        Address address = sip.addresses().createAddress(uri);
        return sip.headers().createContactHeader(address);
    }

    static String sessionId(FocusCall call) {
        SessionDescription previous = call.localSdp();
        return previous != null ? previous.origin().sessionId()
                : Long.toString(Math.abs((long) call.callId().hashCode()) + System.currentTimeMillis());
    }
}
