package org.confero.server.sip.registrar;

import java.util.Objects;

/**
 * One contact bound to an address-of-record (RFC 3261 §10.3).
 *
 * @param expiresAtMillis wall-clock time the binding lapses
 */
public record Binding(String contact, String callId, long cseq, long expiresAtMillis, float q) {
    public Binding {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
    }

    public int secondsLeft(long nowMillis) {
        return (int) Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
    }
}
