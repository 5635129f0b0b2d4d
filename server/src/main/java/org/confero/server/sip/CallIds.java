package org.confero.server.sip;

import javax.sip.header.CallIdHeader;
import javax.sip.message.Message;

/** Reads the Call-ID for log lines, never failing. */
final class CallIds {
    private CallIds() {}

    static String of(Message message) {
        CallIdHeader h = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return h == null ? "-" : h.getCallId();
    }
}
