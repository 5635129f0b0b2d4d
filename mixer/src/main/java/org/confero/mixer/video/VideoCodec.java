package org.confero.mixer.video;

import java.util.Locale;
import java.util.Optional;

/** The video codecs the mixer decodes and encodes; both use the 90 kHz RTP clock (RFC 7741, RFC 6184). */
public enum VideoCodec {
    VP8("VP8"),
    /** Constrained Baseline H.264, packetization-mode 0 or 1. */
    H264("H264");

    public static final int RTP_CLOCK_RATE = 90_000;

    private final String encodingName;

    VideoCodec(String encodingName) {
        this.encodingName = encodingName;
    }

    /** The name in {@code a=rtpmap}. */
    public String encodingName() {
        return encodingName;
    }

    public static Optional<VideoCodec> byEncodingName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (VideoCodec c : values()) {
            if (c.encodingName.equals(upper)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
