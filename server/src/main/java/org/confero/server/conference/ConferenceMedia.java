package org.confero.server.conference;

import java.util.Optional;
import org.confero.server.rooms.Room;

/**
 * The media side of the conference as signalling sees it: SIP and WebRTC legs join rooms through this and
 * never touch the mixer directly.
 */
public interface ConferenceMedia {
    Optional<Room> findRoom(String roomId);

    /** Participants currently in the room (all transports), the PIN lobby included. */
    int participantCount(String roomId);

    /** Participants that take a seat: in the meeting, not waiting in the PIN lobby. */
    default int seatedCount(String roomId) {
        return participantCount(roomId);
    }

    /**
     * Adds a participant's audio to the room's mixer.
     *
     * @throws RoomFullException when the room has reached its limit
     */
    Leg join(LegRequest request, PacketSender audioSender, PacketSender videoSender, LegListener listener)
            throws RoomFullException;

    /** Joins a leg whose kinds share one transport (WebRTC's bundle). */
    default Leg join(LegRequest request, PacketSender sender, LegListener listener) throws RoomFullException {
        return join(request, sender, sender, listener);
    }

    /** The room's participants in joining order; empty when nobody is in it. */
    java.util.List<RosterMember> roster(String roomId);

    /** Reports the room's roster changes to {@code listener} until the returned handle is closed. */
    Subscription watch(String roomId, RoomListener listener);

    /** Ends a {@link #watch}. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The room's layout for everyone ({@code grid}, {@code speaker} or {@code presenter}); announced to the room's
     * watchers through {@link RoomListener#layoutChanged}. Ignored while nobody is in the room.
     */
    default void setLayout(String roomId, String layout) {}

    /** The room's layout now; {@code grid} for a room nobody is in. */
    default String layout(String roomId) {
        return "grid";
    }

    /** Legs open in all rooms (used by tests and /metrics to check that nothing leaks). */
    int openLegCount();

    /** Calls answered whose ACK has not come yet: their legs hold seats and sockets until it does or times out. */
    default int unconfirmedLegCount() {
        return 0;
    }

    /** True while the media cannot keep its real-time budget: new calls are refused until it recovers. */
    default boolean overloaded() {
        return false;
    }
}
