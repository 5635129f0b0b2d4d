package org.confero.server.sip.presence;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event state PUBLISHed by users (RFC 3903): one publication per user, named by its entity-tag, lapsing at its
 * expiry. Only the note of the PIDF is kept (bounded), never the whole document.
 */
final class Publications {
    static final int MAX_NOTE = 200;
    private static final Pattern NOTE = Pattern.compile("<(?:\\w+:)?note[^>]*>([^<]{0," + MAX_NOTE + "})</(?:\\w+:)?note>");

    record Publication(String etag, String note, long expiresAtMillis) {}

    /** Result of a PUBLISH: the new entity-tag, or why it failed. */
    sealed interface Outcome {
        record Stored(String etag) implements Outcome {}

        /** SIP-If-Match names no live publication: 412 (RFC 3903 §6). */
        record UnknownTag() implements Outcome {}

        record Removed() implements Outcome {}
    }

    private final Map<String, Publication> byUser = new ConcurrentHashMap<>();

    Outcome publish(String user, String ifMatch, byte[] body, int expiresSeconds, long nowMillis) {
        Publication old = current(user, nowMillis).orElse(null);
        if (ifMatch != null && (old == null || !old.etag().equals(ifMatch))) {
            return new Outcome.UnknownTag();
        }
        if (expiresSeconds == 0) {
            byUser.remove(user);
            return new Outcome.Removed();
        }
        String note = old == null ? null : old.note();
        if (body != null && body.length > 0) {
            Matcher m = NOTE.matcher(new String(body, StandardCharsets.UTF_8));
            note = m.find() ? m.group(1).trim() : null;
        }
        String etag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        byUser.put(user, new Publication(etag, note, nowMillis + expiresSeconds * 1000L));
        return new Outcome.Stored(etag);
    }

    Optional<Publication> current(String user, long nowMillis) {
        Publication p = byUser.get(user);
        if (p != null && p.expiresAtMillis() <= nowMillis) {
            byUser.remove(user, p);
            return Optional.empty();
        }
        return Optional.ofNullable(p);
    }
}
