package org.confero.server.cascade;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses a signed control message that is stale or was seen before: its time must be within {@code windowMillis}
 * of ours, and its nonce new within that window. Bounded: at most {@code capacity} nonces are kept, the oldest
 * forgotten first (a message older than the window is refused by its time anyway).
 */
final class ReplayGuard {
    private final long windowMillis;
    private final int capacity;
    private final LinkedHashMap<String, Long> seen;

    ReplayGuard(long windowMillis, int capacity) {
        this.windowMillis = windowMillis;
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > ReplayGuard.this.capacity;
            }
        };
    }

    /** True (and remembered) when the message is fresh and its nonce new. */
    synchronized boolean accept(String nonce, long sentMillis, long nowMillis) {
        if (nonce == null || nonce.isEmpty() || Math.abs(nowMillis - sentMillis) > windowMillis) {
            return false;
        }
        seen.values().removeIf(t -> nowMillis - t > 2 * windowMillis);
        return seen.putIfAbsent(nonce, nowMillis) == null;
    }
}
