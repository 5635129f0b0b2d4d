package org.confero.server.signalling;

import java.util.Optional;

/** Entry point of the media side for browsers: implemented by the WebRTC gateway. */
public interface BrowserCalls {
    /**
     * Admits a browser to a room.
     *
     * @param pin the PIN the user typed, empty when none was given
     * @param peer how the media side talks back to this browser
     * @throws CallRejectedException with {@link ErrorCode#ROOM_NOT_FOUND}, {@link ErrorCode#ROOM_FULL},
     *     {@link ErrorCode#ROOM_LOCKED} or {@link ErrorCode#WRONG_PIN}
     */
    BrowserCall join(String roomId, String displayName, Optional<String> pin, SignallingPeer peer)
            throws CallRejectedException;

    /**
     * Admits a browser to a room under the meeting's rules: in the room (as host or participant), or into its
     * lobby. Implementations without meetings admit every join as a participant.
     *
     * @throws CallRejectedException also with {@link ErrorCode#MEETING_ENDED} or {@link ErrorCode#NOT_STARTED}
     */
    default JoinOutcome join(JoinRequest request, SignallingPeer peer) throws CallRejectedException {
        return new JoinOutcome.InRoom(join(request.roomId(), request.displayName(), request.pin(), peer), false);
    }
}
