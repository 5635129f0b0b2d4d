package org.confero.server.sip.registrar;

import java.util.List;
import java.util.Objects;

/**
 * One contact bound to an address-of-record (RFC 3261 §10.3).
 *
 * @param expiresAtMillis wall-clock time the binding lapses
 * @param received where the REGISTER really came from ({@code transport:host:port}, RFC 3581), empty when unknown;
 *     requests for a contact behind NAT go there
 * @param path the REGISTER's Path header values (RFC 3327), the route towards the contact, outermost first
 */
public record Binding(String contact, String callId, long cseq, long expiresAtMillis, float q, String received,
        List<String> path) {
    public Binding {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        received = received == null ? "" : received;
        path = List.copyOf(path);
    }

    public Binding(String contact, String callId, long cseq, long expiresAtMillis, float q) {
        this(contact, callId, cseq, expiresAtMillis, q, "", List.of());
    }

    public int secondsLeft(long nowMillis) {
        return (int) Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
    }
}
