package org.confero.server.sip;

import gov.nist.javax.sip.message.SIPMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** What a REGISTER tells about reaching its contacts: the packet's real source (RFC 3581) and Path (RFC 3327). */
final class RegistrationFlow {
    private RegistrationFlow() {}

    /** {@code transport:host:port} the REGISTER came from, or empty when the stack did not record it. */
    static String received(Request request) {
        if (!(request instanceof SIPMessage m)) {
            return "";
        }
        java.net.InetAddress address = SourceAddress.inet(request);
        int port = m.getPeerPacketSourcePort() > 0 ? m.getPeerPacketSourcePort() : m.getRemotePort();
        if (address == null || port <= 0) {
            return "";
        }
        String host = address.getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return SipHeaders.transport(request) + ":" + host + ":" + port;
    }

    /** The Path header values, outermost first; only when the phone said it supports path (RFC 3327 §5.3). */
    static List<String> path(Request request) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = request.getHeaders("Path");
        while (it != null && it.hasNext() && out.size() < 8) {
            String value = ((Header) it.next()).toString();
            int colon = value.indexOf(':');
            out.add(value.substring(colon + 1).trim());
        }
        return out;
    }

    /** RFC 3327 §5.3: the registrar's 200 carries the Path it stored. */
    static void echoPath(Request request, Response response) {
        ListIterator<?> it = request.getHeaders("Path");
        while (it != null && it.hasNext()) {
            Header h = (Header) it.next();
            response.addHeader((Header) h.clone());
        }
    }
}
