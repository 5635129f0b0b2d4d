package org.confero.server.conference;

import java.util.List;

/**
 * Told about a room's roster. Called from signalling and mixer threads: implementations hand the news to their
 * own transport without blocking.
 */
public interface RoomListener {
    /** Someone joined, left or (un)muted; {@code roster} is the whole room now. */
    void rosterChanged(List<RosterMember> roster);

    /** The loudest participant changed; null when nobody speaks. */
    void activeSpeakerChanged(String participantId);

    /** The room's layout changed (someone chose another, or a screen share started or ended). */
    default void layoutChanged(String layout) {}
}
