package org.confero.server.meeting;

/** A place in a meeting's lobby; {@link #leave()} when the waiting caller hangs up or gives up. */
public interface LobbyTicket {
    String participantId();

    /** Leaves the lobby without being admitted or denied; idempotent, no listener is called. */
    void leave();
}
