package org.confero.server.conference;

import java.util.Objects;

/** One participant as the room's roster shows it. */
public record RosterMember(String id, String displayName, ParticipantKind kind, boolean audioMuted, boolean speaking) {
    public RosterMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(kind, "kind");
    }
}
