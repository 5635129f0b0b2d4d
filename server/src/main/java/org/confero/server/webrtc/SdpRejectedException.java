package org.confero.server.webrtc;

import java.util.Objects;

/** A browser's offer we cannot answer; {@link #code()} is what signalling sends back to the browser. */
public final class SdpRejectedException extends Exception {
    /** Typed rejection reasons with their wire names. */
    public enum Code {
        /** The offer breaks WebRTC's rules: no fingerprint, no rtcp-mux, no ICE credentials, not DTLS-SRTP. */
        BAD_SDP("bad-sdp"),
        /** No audio we can mix (Opus/48000/2 is required). */
        NO_COMMON_CODEC("no-common-codec"),
        /** Too many ICE restarts on one session in a short time. */
        RATE_LIMITED("rate-limited");

        private final String wireName;

        Code(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Code code;

    public SdpRejectedException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }

    /** {@code bad-sdp}, {@code no-common-codec} or {@code rate-limited}. */
    public String wireCode() {
        return code.wireName();
    }
}
