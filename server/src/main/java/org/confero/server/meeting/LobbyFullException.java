package org.confero.server.meeting;

/** The lobby already holds as many people as the room has seats; the caller is refused as if the room were full. */
public final class LobbyFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LobbyFullException(String roomId) {
        super("lobby of room " + roomId + " is full");
    }
}
