package org.confero.server.conference;

import java.util.Objects;

/** Who joins which room with which audio. */
public record LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
        NegotiatedAudio audio) {
    private static final int MAX_NAME = 64;

    public LegRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(audio, "audio");
        displayName = cleanName(displayName, participantId);
    }

    /** Names come from peers (SIP From, browser form): keep them printable and short. */
    private static String cleanName(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        String cleaned = name.replaceAll("\\p{Cntrl}", "").strip();
        if (cleaned.length() > MAX_NAME) {
            cleaned = cleaned.substring(0, MAX_NAME);
        }
        return cleaned.isEmpty() ? fallback : cleaned;
    }
}
