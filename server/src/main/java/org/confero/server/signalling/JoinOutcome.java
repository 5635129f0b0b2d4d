package org.confero.server.signalling;

import java.time.Instant;
import java.util.Optional;

/** What a join led to: the browser is in the room, or waits in its lobby. */
public sealed interface JoinOutcome {
    /** In the room; {@code host} when it runs the meeting. */
    record InRoom(BrowserCall call, boolean host) implements JoinOutcome {}

    /**
     * In the lobby: the media side calls {@link SignallingPeer#admittedFromLobby} or
     * {@link SignallingPeer#deniedFromLobby} later; {@code leave} when the browser goes away first.
     */
    record InLobby(String participantId, Optional<Instant> opensAt, Runnable leave) implements JoinOutcome {}
}
