package org.confero.server.sdp;

import java.util.Objects;

/** An {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} (RFC 4566 §6). */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {
    public RtpMap {
        Objects.requireNonNull(encodingName, "encodingName");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive");
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive");
        }
    }

    /** The attribute value, without {@code a=rtpmap:}. */
    public String value() {
        return payloadType + " " + encodingName + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }
}
