package org.confero.server.signalling;

/** Messages a browser sends; the JSON {@code type} field selects the record (see {@link MessageCodec}). */
public sealed interface ClientMessage {
    record Join(String room, String name, String pin) implements ClientMessage {}

    record Offer(String sdp) implements ClientMessage {}

    /** A null or empty {@code candidate} means end of candidates. */
    record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) implements ClientMessage {}

    record Mute(boolean audio, boolean video) implements ClientMessage {}

    record Leave() implements ClientMessage {}

    record Ping() implements ClientMessage {}
}
