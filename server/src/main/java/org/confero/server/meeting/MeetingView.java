package org.confero.server.meeting;

import java.util.List;
import java.util.Set;

/**
 * The meeting's state as a host panel shows it.
 *
 * @param hostIds participant ids of the hosts present
 * @param hostMuted participant ids a host muted (they may not unmute themselves)
 */
public record MeetingView(String roomId, boolean locked, boolean ended, List<LobbyEntry> lobby, Set<String> hostIds,
        Set<String> hostMuted) {
    public MeetingView {
        lobby = List.copyOf(lobby);
        hostIds = Set.copyOf(hostIds);
        hostMuted = Set.copyOf(hostMuted);
    }
}
