package org.confero.server.sip;

import gov.nist.javax.sip.message.SIPMessage;
import javax.sip.message.Message;

/** The IP address a message came from (the packet's source, not what its Via claims). */
public final class SourceAddress {
    private SourceAddress() {}

    public static String of(Message message) {
        if (message instanceof SIPMessage m) {
            if (m.getPeerPacketSourceAddress() != null) {
                return m.getPeerPacketSourceAddress().getHostAddress();
            }
            if (m.getRemoteAddress() != null) {
                return m.getRemoteAddress().getHostAddress();
            }
        }
        return "unknown";
    }

    /** The packet's source as an address, or null when the stack did not record it. */
    public static java.net.InetAddress inet(Message message) {
        if (message instanceof SIPMessage m) {
            return m.getPeerPacketSourceAddress() != null ? m.getPeerPacketSourceAddress() : m.getRemoteAddress();
        }
        return null;
    }
}
