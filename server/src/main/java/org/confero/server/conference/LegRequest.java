package org.confero.server.conference;

import java.util.Objects;

/**
 * Who joins which room with which audio.
 *
 * @param admitted false puts the participant in the lobby: connected, but neither heard nor hearing the room
 *     until {@link AudioLeg#admit()} (a phone that still has to enter the room's PIN)
 */
public record LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
        NegotiatedAudio audio, boolean admitted) {
    private static final int MAX_NAME = 64;

    public LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
            NegotiatedAudio audio) {
        this(roomId, participantId, displayName, kind, audio, true);
    }

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
