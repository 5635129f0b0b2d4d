package org.confero.server.cascade;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;

/**
 * The SRTP keys of one cascade link, derived on both nodes and never sent: HKDF-SHA256 (RFC 5869) with the shared
 * secret as input keying material, the request's and the answer's nonces as salt, and the room, both node ids and the
 * direction as info. A new link (new nonces) gets new keys; each direction has its own key and salt, so the two
 * nodes' SSRCs and sequence numbers never share a keystream. AEAD_AES_128_GCM (RFC 7714).
 */
final class LinkKeys {
    static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    private static final String HMAC = "HmacSHA256";

    private LinkKeys() {}

    /** The home node's transformer: it sends with the home-to-remote key and receives with the other. */
    static SrtpTransformer forHome(String secret, String room, String home, String remote, String requestNonce,
            String answerNonce) {
        return transformer(secret, room, home, remote, requestNonce, answerNonce, true);
    }

    /** The remote node's transformer: the mirror of {@link #forHome}. */
    static SrtpTransformer forRemote(String secret, String room, String home, String remote, String requestNonce,
            String answerNonce) {
        return transformer(secret, room, home, remote, requestNonce, answerNonce, false);
    }

    private static SrtpTransformer transformer(String secret, String room, String home, String remote,
            String requestNonce, String answerNonce, boolean weAreHome) {
        byte[] prk = hmac((requestNonce + "|" + answerNonce).getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
        String link = "confero cascade srtp|" + room + "|" + home + "|" + remote + "|";
        byte[] homeToRemote = expand(prk, link + "home-to-remote");
        byte[] remoteToHome = expand(prk, link + "remote-to-home");
        byte[] send = weAreHome ? homeToRemote : remoteToHome;
        byte[] receive = weAreHome ? remoteToHome : homeToRemote;
        int k = PROFILE.keyLength();
        int s = PROFILE.saltLength();
        try {
            return new SrtpTransformer(SrtpKeys.of(PROFILE, Arrays.copyOfRange(send, 0, k),
                    Arrays.copyOfRange(send, k, k + s), Arrays.copyOfRange(receive, 0, k),
                    Arrays.copyOfRange(receive, k, k + s)));
        } finally {
            Arrays.fill(prk, (byte) 0);
            Arrays.fill(homeToRemote, (byte) 0);
            Arrays.fill(remoteToHome, (byte) 0);
        }
    }

    /** HKDF-Expand for at most one block (32 bytes): a key and a salt fit. */
    private static byte[] expand(byte[] prk, String info) {
        byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(infoBytes, infoBytes.length + 1);
        input[infoBytes.length] = 1;
        return hmac(prk, input);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
