package org.confero.server.signalling;

import java.util.Objects;

/** One participant as browsers see it in the participant list. */
public record RosterEntry(
        String id, String name, Kind kind, boolean audioMuted, boolean videoMuted, boolean speaking, boolean host) {

    public RosterEntry(String id, String name, Kind kind, boolean audioMuted, boolean videoMuted, boolean speaking) {
        this(id, name, kind, audioMuted, videoMuted, speaking, false);
    }

    /** How the participant is connected; serialised in lower case ({@code "browser"}, {@code "sip"}). */
    public enum Kind {
        BROWSER,
        SIP;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return this == BROWSER ? "browser" : "sip";
        }
    }

    public RosterEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
