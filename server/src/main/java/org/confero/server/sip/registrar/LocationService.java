package org.confero.server.sip.registrar;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory bindings of addresses-of-record to contacts, for the registrar and later for proxying and
 * redirecting calls to registered users. Expired bindings vanish on read.
 */
public final class LocationService {
    /** A rejected update (RFC 3261 §10.3 step 6/7: an out-of-order Call-ID/CSeq). */
    public static final class OutOfOrderException extends Exception {
        OutOfOrderException(String contact) {
            super("out-of-order REGISTER for contact " + contact);
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, Binding>> byAor = new ConcurrentHashMap<>();

    public LocationService(Clock clock) {
        this.clock = clock;
    }

    /** Current bindings of an address-of-record, in registration order. */
    public List<Binding> bindings(String aor) {
        Map<String, Binding> m = byAor.get(key(aor));
        if (m == null) {
            return List.of();
        }
        long now = clock.millis();
        synchronized (m) {
            m.values().removeIf(b -> b.expiresAtMillis() <= now);
            return List.copyOf(m.values());
        }
    }

    /**
     * Adds, refreshes (expires &gt; 0) or removes (expires == 0) one contact.
     *
     * @throws OutOfOrderException when the same Call-ID comes with a CSeq not higher than the stored one
     */
    public void update(String aor, String contact, String callId, long cseq, int expiresSeconds, float q)
            throws OutOfOrderException {
        long now = clock.millis();
        Map<String, Binding> m = byAor.computeIfAbsent(key(aor), k -> new LinkedHashMap<>());
        synchronized (m) {
            Binding old = m.get(contact);
            if (old != null && old.callId().equals(callId) && cseq <= old.cseq()) {
                throw new OutOfOrderException(contact);
            }
            if (expiresSeconds == 0) {
                m.remove(contact);
            } else {
                m.put(contact, new Binding(contact, callId, cseq, now + expiresSeconds * 1000L, q));
            }
        }
    }

    /** {@code Contact: *} with Expires 0 (RFC 3261 §10.2.2). */
    public void removeAll(String aor) {
        byAor.remove(key(aor));
    }

    /** Total live bindings over all addresses-of-record. */
    public int size() {
        long now = clock.millis();
        int n = 0;
        for (Map<String, Binding> m : new ArrayList<>(byAor.values())) {
            synchronized (m) {
                m.values().removeIf(b -> b.expiresAtMillis() <= now);
                n += m.size();
            }
        }
        return n;
    }

    private static String key(String aor) {
        return aor.toLowerCase(java.util.Locale.ROOT);
    }
}
