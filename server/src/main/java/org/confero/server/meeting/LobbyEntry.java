package org.confero.server.meeting;

import java.util.Optional;
import java.time.Instant;
import org.confero.server.conference.ParticipantKind;

/**
 * Someone waiting in the lobby, as hosts see it.
 *
 * @param opensAt set when they wait for the meeting's start rather than for a host
 */
public record LobbyEntry(String participantId, String displayName, ParticipantKind kind, Optional<Instant> opensAt) {}
