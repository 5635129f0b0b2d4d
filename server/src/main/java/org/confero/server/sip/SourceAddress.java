package org.confero.server.sip;

import gov.nist.javax.sip.message.SIPMessage;
import javax.sip.message.Message;

/** The IP address a message came from (the packet's source, not what its Via claims). */
final class SourceAddress {
    private SourceAddress() {}

    static String of(Message message) {
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
}
