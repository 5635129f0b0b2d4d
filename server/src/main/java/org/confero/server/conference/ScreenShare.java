package org.confero.server.conference;

import java.util.Objects;

/**
 * A participant's shared screen: a second video stream it sends (WebRTC: a second video section), told apart
 * from its camera on the bundled transport by its SSRC (RFC 8843 §9.2).
 *
 * @param video the stream's negotiation (receive only: the room never sends on it)
 * @param ssrc the SSRC the offer announced for the screen ({@code a=ssrc}, the primary of an FID group)
 */
public record ScreenShare(NegotiatedVideo video, long ssrc) {
    public ScreenShare {
        Objects.requireNonNull(video, "video");
        if (ssrc <= 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("SSRC out of range: " + ssrc);
        }
    }
}
