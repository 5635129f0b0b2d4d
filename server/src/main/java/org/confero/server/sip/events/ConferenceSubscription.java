package org.confero.server.sip.events;

import java.util.HashMap;
import java.util.Map;
import javax.sip.Dialog;

/**
 * One SIP subscription to a room's conference events (RFC 4575 over RFC 6665): its dialog, when it expires, the
 * version of the last document sent and the users that document showed (what the next partial one is told apart
 * from). Touched only on the service's thread, except {@link #expiresAtMillis} which SUBSCRIBE refreshes set.
 */
final class ConferenceSubscription {
    /** What a user looked like in the last notification. */
    record Shown(String displayText, String kind, boolean audioMuted) {}

    private final String callId;
    private final String roomId;
    private final String source;
    private final Dialog dialog;
    private volatile long expiresAtMillis;
    private long version;
    private final Map<String, Shown> shown = new HashMap<>();
    private boolean terminated;
    private boolean begun;

    ConferenceSubscription(String callId, String roomId, String source, Dialog dialog, long expiresAtMillis) {
        this.callId = callId;
        this.roomId = roomId;
        this.source = source;
        this.dialog = dialog;
        this.expiresAtMillis = expiresAtMillis;
    }

    String callId() { return callId; }

    String roomId() { return roomId; }

    String source() { return source; }

    Dialog dialog() { return dialog; }

    long expiresAtMillis() { return expiresAtMillis; }

    void expiresAtMillis(long at) { this.expiresAtMillis = at; }

    /** RFC 4575 §4.6: every document of a subscription has a version one higher than the last. */
    long nextVersion() { return ++version; }

    Map<String, Shown> shown() { return shown; }

    boolean terminated() { return terminated; }

    /** True once the first NOTIFY went out; nothing is sent before the 200 (and so before this). */
    boolean begun() { return begun; }

    void begin() { this.begun = true; }

    void terminate() { this.terminated = true; }

    @Override
    public String toString() {
        return "ConferenceSubscription[" + roomId + " call=" + callId + " from=" + source + "]";
    }
}
