package org.confero.server.conference;

import java.util.Optional;
import org.confero.server.rooms.Room;

/**
 * The media side of the conference as signalling sees it: SIP and WebRTC legs join rooms through this and
 * never touch the mixer directly.
 */
public interface ConferenceMedia {
    Optional<Room> findRoom(String roomId);

    /** Participants currently in the room (all transports). */
    int participantCount(String roomId);

    /**
     * Adds a participant's audio to the room's mixer.
     *
     * @throws RoomFullException when the room has reached its limit
     */
    AudioLeg joinAudio(String roomId, String participantId, NegotiatedAudio audio, PacketSender sender, LegListener listener)
            throws RoomFullException;

    /** Legs open in all rooms (used by tests and /metrics to check that nothing leaks). */
    int openLegCount();
}
