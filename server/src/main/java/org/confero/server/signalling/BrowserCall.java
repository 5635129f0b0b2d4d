package org.confero.server.signalling;

import java.util.List;

/** One browser's membership of a room, as the WebRTC gateway holds it. Called from one socket thread at a time. */
public interface BrowserCall {
    String participantId();

    /** The room's participant list at this moment, including this participant. */
    List<RosterEntry> roster();

    /**
     * Applies the browser's SDP offer (RFC 3264) and returns the answer.
     *
     * @throws CallRejectedException with {@link ErrorCode#BAD_SDP} or {@link ErrorCode#NO_COMMON_CODEC}
     */
    String answer(String offerSdp) throws CallRejectedException;

    /** A trickled remote ICE candidate ({@code candidate:...} attribute value, without {@code a=}). */
    void addRemoteCandidate(String candidate, String sdpMid, int mLineIndex);

    void endOfCandidates();

    void setMuted(boolean audio, boolean video);

    /**
     * The browser asks for the room's video layout: {@code grid}, {@code speaker} or {@code presenter} (already
     * validated). The room applies it for everyone and announces it with {@link SignallingPeer#sendLayout}.
     */
    default void setLayout(String layout) {}

    /**
     * The browser started or stopped sending its screen as a second video track (added by a re-offer). While one
     * is sharing the room shows the presenter layout.
     */
    default void setSharing(boolean on) {}

    /** Whether this participant may unmute itself (not while a host's mute holds). */
    default boolean mayUnmute() {
        return true;
    }

    /** A host's control of the meeting; refused with {@link HostControl#NOT_HOST} for others. */
    default HostControl control(ClientMessage.Host control) {
        return HostControl.NOT_HOST;
    }

    /** Whether the room's layout is the hosts' to choose (a hosted room) and this participant is not one. */
    default boolean layoutRefused() {
        return false;
    }

    /** Leaves the room and frees the transport; idempotent. */
    void close();
}
