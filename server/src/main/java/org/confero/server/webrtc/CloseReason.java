package org.confero.server.webrtc;

import java.util.Objects;

/** Why a WebRTC session ended; {@link #failed()} tells an error from an orderly end. */
public record CloseReason(Kind kind, String detail) {
    public enum Kind {
        /** {@link WebRtcSession#close()} was called (participant left, signalling closed). */
        LOCAL,
        /** The browser sent DTLS close_notify (closed its peer connection). */
        PEER_CLOSED,
        /** RFC 7675: nothing arrived from the browser for the consent timeout. */
        CONSENT_EXPIRED,
        /** ICE found no working candidate pair, or did not finish in time. */
        ICE_FAILED,
        /** DTLS handshake failed: timeout, alert, no common SRTP profile, or fingerprint mismatch. */
        DTLS_FAILED,
        /** The gateway is shutting down. */
        GATEWAY_CLOSED
    }

    public CloseReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean failed() {
        return kind == Kind.CONSENT_EXPIRED || kind == Kind.ICE_FAILED || kind == Kind.DTLS_FAILED;
    }
}
