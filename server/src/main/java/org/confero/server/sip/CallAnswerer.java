package org.confero.server.sip;

import java.net.InetSocketAddress;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.SessionDescription;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.sip.focus.SessionTimerPolicy;

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
        AudioSelection selection = call.selection();
        String host = mediaHost(call.invite());
        SessionDescription answer = selection.answer(sessionId(call), call.sdpVersion(), host,
                call.endpoint().localRtpPort());
        call.localSdp(answer);
        Response ok = ok(call.invite(), call, answer, timer);
        // A CANCEL may have won the race; only the first of answer and cancel takes the call forward.
        if (call.moveTo(FocusCall.State.RINGING, FocusCall.State.ANSWERED)) {
            ServerTransaction tx = call.inviteTransaction();
            responder.send(tx, ok);
        }
    }

    /** Our media address: the bind address, or the address the request reached us on if we bind to all. */
    String mediaHost(Request request) {
        String advertised = sip.advertisedHost();
        if (!advertised.equals("0.0.0.0") && !advertised.equals("::")) {
            return advertised;
        }
        if (request instanceof gov.nist.javax.sip.message.SIPMessage m && m.getLocalAddress() != null) {
            return m.getLocalAddress().getHostAddress();
        }
        return "127.0.0.1";
    }

    ContactHeader contact(Request request, String roomId) throws Exception {
        String host = mediaHost(request);
        SipURI uri = sip.addresses().createSipURI(roomId, host.contains(":") ? "[" + host + "]" : host);
        uri.setPort(sip.port());
        String transport = SipHeaders.transport(request);
        if (!transport.equals("udp")) {
            uri.setTransportParam(transport);
        }
        Address address = sip.addresses().createAddress(uri);
        return sip.headers().createContactHeader(address);
    }

    private static String sessionId(FocusCall call) {
        SessionDescription previous = call.localSdp();
        return previous != null ? previous.origin().sessionId()
                : Long.toString(Math.abs((long) call.callId().hashCode()) + System.currentTimeMillis());
    }

    static Optional<InetSocketAddress> remoteRtp(AudioSelection s) {
        return s.remoteAddress().filter(a -> s.remoteRtpPort() > 0)
                .map(a -> address(a, s.remoteRtpPort()));
    }

    static Optional<InetSocketAddress> remoteRtcp(AudioSelection s) {
        return s.remoteAddress().filter(a -> s.remoteRtcpPort() > 0)
                .map(a -> address(a, s.remoteRtcpPort()));
    }

    /** Only IP literals are used as they are; a host name is never resolved on a SIP thread (sends then fail). */
    private static InetSocketAddress address(String host, int port) {
        boolean literal = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return literal ? new InetSocketAddress(host, port) : InetSocketAddress.createUnresolved(host, port);
    }
}
