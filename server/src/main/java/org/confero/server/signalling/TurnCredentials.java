package org.confero.server.signalling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials as coturn checks them with {@code use-auth-secret}
 * (draft-uberti-behave-turn-rest-00 §2.2): the username is {@code <expiry unix time>:<user>}, the password
 * {@code base64(HMAC-SHA1(shared secret, username))}. The TURN server needs only the shared secret.
 */
public record TurnCredentials(String username, String password) {

    public static TurnCredentials issue(String sharedSecret, String user, Instant now, Duration ttl) {
        String username = (now.getEpochSecond() + ttl.getSeconds()) + ":" + user;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new TurnCredentials(username, Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** The password is a credential: never in logs. */
    @Override
    public String toString() {
        return "TurnCredentials[username=" + username + ", password=********]";
    }
}
