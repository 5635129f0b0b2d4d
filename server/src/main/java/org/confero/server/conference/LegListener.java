package org.confero.server.conference;

/** Events a media leg reports back to its signalling owner. Called from media threads: do not block. */
public interface LegListener {
    /** A DTMF digit (0-9, *, #, A-D) ended (RFC 4733 end bit, reported once per event). */
    default void onDtmf(char digit) {}

    LegListener NONE = new LegListener() {};
}
