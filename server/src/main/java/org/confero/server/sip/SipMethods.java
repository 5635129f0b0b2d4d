package org.confero.server.sip;

import java.util.Set;

/** Metric labels for SIP methods: the known ones by name, anything else as "other" (a sender picks the name). */
final class SipMethods {
    private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO",
            "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH");

    private SipMethods() {}

    static String label(String method) {
        return method != null && KNOWN.contains(method) ? method : "other";
    }
}
