package org.confero.server.http;

import java.util.Objects;

/**
 * What {@code GET /api/join/<id>} tells a browser before it joins (never the PIN itself).
 *
 * @param hostPin the room has a host PIN: the join page offers a field for it
 */
public record RoomInfo(String id, String name, boolean pinRequired, int participants, String sipUri,
        boolean hostPin) {
    public RoomInfo(String id, String name, boolean pinRequired, int participants, String sipUri) {
        this(id, name, pinRequired, participants, sipUri, false);
    }

    public RoomInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sipUri, "sipUri");
        if (participants < 0) {
            throw new IllegalArgumentException("participants must be >= 0");
        }
    }
}
