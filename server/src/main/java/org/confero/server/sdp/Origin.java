package org.confero.server.sdp;

import java.util.Objects;

/** The {@code o=} line (RFC 4566 §5.2). */
public record Origin(String username, String sessionId, long sessionVersion, String addressType, String address) {
    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
    }

    String line() {
        return "o=" + username + " " + sessionId + " " + sessionVersion + " IN " + addressType + " " + address;
    }
}
