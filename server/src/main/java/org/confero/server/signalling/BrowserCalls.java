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
}
