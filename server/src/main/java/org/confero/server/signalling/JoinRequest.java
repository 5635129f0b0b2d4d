package org.confero.server.signalling;

import java.util.Objects;
import java.util.Optional;

/**
 * A browser's join, as the media side decides it.
 *
 * @param pin the participant PIN the user typed
 * @param hostPin the host PIN the user typed
 * @param signedIn the host logged in on this browser (session cookie of the same origin), if any
 */
public record JoinRequest(String roomId, String displayName, Optional<String> pin, Optional<String> hostPin,
        Optional<SignedInHost> signedIn) {
    public JoinRequest {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(hostPin, "hostPin");
        Objects.requireNonNull(signedIn, "signedIn");
    }
}
