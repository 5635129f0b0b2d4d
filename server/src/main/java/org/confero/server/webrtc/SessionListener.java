package org.confero.server.webrtc;

import org.confero.server.webrtc.ice.IceCandidate;

/**
 * Lifecycle of one WebRTC session, for its signalling owner. Called from ICE/DTLS/receive threads: do not block.
 */
public interface SessionListener {
    /**
     * A local candidate found after the answer was written, to trickle (RFC 8838). With one shared UDP port all
     * candidates are known at creation and already in the answer, so today this is not called.
     */
    default void onLocalCandidate(WebRtcSession session, IceCandidate candidate) {}

    /** ICE and DTLS completed: SRTP flows both ways from now on. */
    default void onConnected(WebRtcSession session) {}

    /** The session ended and freed its resources; called exactly once. */
    default void onClosed(WebRtcSession session, CloseReason reason) {}

    SessionListener NONE = new SessionListener() {};
}
