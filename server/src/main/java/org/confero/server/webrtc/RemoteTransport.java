package org.confero.server.webrtc;

import java.util.List;
import java.util.Objects;
import org.confero.server.webrtc.dtls.Fingerprint;
import org.confero.server.webrtc.ice.IceCandidate;

/**
 * What a browser's offer says about its transport: ICE credentials (RFC 8839 §5.4), certificate fingerprint
 * (RFC 8122), DTLS role (RFC 5763) and the candidates it already gathered.
 */
public record RemoteTransport(String iceUfrag, String icePassword, Fingerprint fingerprint, DtlsSetup setup,
                              List<IceCandidate> candidates) {
    public RemoteTransport {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePassword, "icePassword");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(setup, "setup");
        candidates = List.copyOf(candidates);
        // RFC 8839 §5.4: ufrag 4-256 ice-chars, password 22-256
        if (iceUfrag.length() < 4 || iceUfrag.length() > 256 || icePassword.length() < 22 || icePassword.length() > 256) {
            throw new IllegalArgumentException("ICE ufrag/password length out of range");
        }
    }
}
