package org.confero.server.conference;

import java.util.Objects;
import org.confero.mixer.codec.AudioCodec;

/**
 * The audio of one call leg as offer/answer settled it (RFC 3264).
 *
 * @param telephoneEventPayloadType RFC 4733 payload type, or -1 when the peer offered none
 * @param ptimeMillis packetization time the peer asked for (20 when it said nothing)
 */
public record NegotiatedAudio(AudioCodec codec, int payloadType, int telephoneEventPayloadType, int ptimeMillis) {
    public NegotiatedAudio {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (telephoneEventPayloadType < -1 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("telephone-event payload type out of range: " + telephoneEventPayloadType);
        }
        if (ptimeMillis <= 0 || ptimeMillis > 200) {
            throw new IllegalArgumentException("ptime out of range: " + ptimeMillis);
        }
    }
}
