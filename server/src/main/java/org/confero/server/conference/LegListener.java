package org.confero.server.conference;

/** Events a media leg reports back to its signalling owner. Called from media threads: do not block. */
public interface LegListener {
    /** A DTMF digit (0-9, *, #, A-D) ended (RFC 4733 end bit, reported once per event). */
    default void onDtmf(char digit) {}

    /**
     * The leg needs a keyframe from a peer that takes no RTCP keyframe requests: signalling sends SIP INFO
     * picture_fast_update (RFC 5168). Rate-limited by the leg.
     */
    default void onKeyframeNeeded() {}

    LegListener NONE = new LegListener() {};
}
