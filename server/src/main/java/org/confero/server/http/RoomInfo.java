package org.confero.server.http;

import java.util.Objects;

/** What {@code GET /api/join/<id>} tells a browser before it joins (never the PIN itself). */
public record RoomInfo(String id, String name, boolean pinRequired, int participants, String sipUri) {
    public RoomInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sipUri, "sipUri");
        if (participants < 0) {
            throw new IllegalArgumentException("participants must be >= 0");
        }
    }
}
