package org.confero.server.conference;

import java.util.Objects;
import java.util.Optional;

/**
 * Who joins which room with which audio.
 *
 * @param streams the SSRCs and CNAME we send to this participant
 * @param admitted false puts the participant in the lobby: connected, but neither heard nor hearing the room
 *     until {@link Leg#admit()} (a phone that still has to enter the room's PIN)
 * @param confirmed false holds the leg out of the mix until {@link Leg#confirm()}: a SIP call answered with 200
 *     whose ACK has not come yet keeps its seat but costs the room nothing per tick
 */
public record LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
        NegotiatedAudio audio, Optional<NegotiatedVideo> video, LocalStreams streams, boolean admitted,
        boolean confirmed) {
    private static final int MAX_NAME = 64;

    public LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
            NegotiatedAudio audio, Optional<NegotiatedVideo> video, LocalStreams streams, boolean admitted) {
        this(roomId, participantId, displayName, kind, audio, video, streams, admitted, true);
    }

    public LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
            NegotiatedAudio audio) {
        this(roomId, participantId, displayName, kind, audio, Optional.empty(), LocalStreams.random(), true);
    }

    public LegRequest(String roomId, String participantId, String displayName, ParticipantKind kind,
            NegotiatedAudio audio, boolean admitted) {
        this(roomId, participantId, displayName, kind, audio, Optional.empty(), LocalStreams.random(), admitted);
    }

    public LegRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(streams, "streams");
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
