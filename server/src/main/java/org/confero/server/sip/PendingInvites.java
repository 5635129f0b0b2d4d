package org.confero.server.sip;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * New calls between the INVITE's arrival and their entry in the call registry (sockets, room join): a CANCEL that
 * arrives in that window is remembered here, so the call setup ends with 487 instead of the caller being answered
 * after it gave up (RFC 3261 §9.2). Entries live only while their INVITE is being handled.
 */
final class PendingInvites {
    private final ConcurrentMap<String, Boolean> cancelled = new ConcurrentHashMap<>();

    void begin(String callId) {
        cancelled.put(callId, Boolean.FALSE);
    }

    /** True when the call was being set up: its INVITE will be answered 487. */
    boolean cancel(String callId) {
        return cancelled.replace(callId, Boolean.FALSE, Boolean.TRUE);
    }

    /** Ends the window; true when a CANCEL came in during it. */
    boolean end(String callId) {
        return Boolean.TRUE.equals(cancelled.remove(callId));
    }
}
