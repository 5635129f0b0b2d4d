package org.confero.server.sip.sdes;

import java.security.SecureRandom;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpTransformer;

/**
 * The SDES keys of one m-section: the peer's line (it sends with that key) and ours, with the peer's tag and
 * suite and a fresh key of our own (RFC 4568 §7.1.2: the answerer picks one line and answers with its own key).
 */
public record SdesKeys(CryptoLine remote, CryptoLine local) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static SdesKeys answering(CryptoLine offered) {
        byte[] fresh = new byte[offered.profile().keyLength() + offered.profile().saltLength()];
        RANDOM.nextBytes(fresh);
        CryptoLine ours = new CryptoLine(offered.tag(), offered.profile(), fresh);
        java.util.Arrays.fill(fresh, (byte) 0);
        return new SdesKeys(offered, ours);
    }

    /** SRTP/SRTCP contexts for both directions of the m-section's sockets. */
    public SrtpTransformer transformer() {
        return new SrtpTransformer(SrtpKeys.of(local.profile(), local.key(), local.salt(), remote.key(),
                remote.salt()));
    }

    @Override
    public String toString() {
        return "SdesKeys[" + local + "]";
    }
}
