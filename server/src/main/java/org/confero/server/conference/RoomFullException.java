package org.confero.server.conference;

/** The room already holds its maximum number of participants. */
public final class RoomFullException extends Exception {
    public RoomFullException(String roomId, int limit) {
        super("room " + roomId + " is full (" + limit + " participants)");
    }
}
