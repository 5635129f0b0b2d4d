package org.confero.server.webrtc;

import java.util.Locale;
import java.util.Optional;

/** The {@code a=setup} attribute (RFC 4145 §4, RFC 5763 §5). */
public enum DtlsSetup {
    ACTIVE, PASSIVE, ACTPASS, HOLDCONN;

    public String attributeValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DtlsSetup> parse(String value) {
        for (DtlsSetup s : values()) {
            if (s.attributeValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 5763 §5: to an offer of actpass or active the answerer says passive (we are the DTLS server);
     * to passive it must say active (we are the client). holdconn is not a WebRTC offer.
     */
    public Optional<DtlsSetup> answer() {
        return switch (this) {
            case ACTPASS, ACTIVE -> Optional.of(PASSIVE);
            case PASSIVE -> Optional.of(ACTIVE);
            case HOLDCONN -> Optional.empty();
        };
    }
}
