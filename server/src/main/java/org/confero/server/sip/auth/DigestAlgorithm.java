package org.confero.server.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Digest algorithms we accept (RFC 7616 §3.4, RFC 8760 for SIP). Listed in the order we challenge with. */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;
    /** A digest per thread: three hashes per authenticated request, each otherwise a provider lookup. */
    private final ThreadLocal<MessageDigest> digests;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
        this.digests = ThreadLocal.withInitial(this::newDigest);
    }

    /** The value of the {@code algorithm=} parameter. */
    public String token() {
        return token;
    }

    /** Lower-case hex of the hash of a UTF-8 string. */
    public String hex(String input) {
        return HexFormat.of().formatHex(digests.get().digest(input.getBytes(StandardCharsets.UTF_8)));
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }

    /** A missing algorithm parameter means MD5 (RFC 2617 §3.2.1). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        String t = token.toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
