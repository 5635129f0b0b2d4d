package org.confero.server.cascade;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks cascade control messages with HMAC-SHA256 over the exact body bytes (RFC 2104) under the shared
 * {@code cluster.cascade.secret}. The body carries a time and a nonce, so a captured request is neither valid later
 * nor twice ({@link ReplayGuard}). The secret itself never travels.
 */
final class LinkSignature {
    static final String HEADER = "X-Confero-Cascade-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    LinkSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String sign(byte[] body) {
        return HexFormat.of().formatHex(mac(body));
    }

    /** Constant-time comparison: the time taken tells an attacker nothing about how much of a guess was right. */
    boolean verify(byte[] body, String signature) {
        if (signature == null || signature.length() != 64) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(body), given);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
