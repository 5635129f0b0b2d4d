package org.confero.server.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122 §5): {@code a=fingerprint:sha-256 AB:CD:...}.
 *
 * @param hashFunction lower-case name from the IANA "Hash Function Textual Names" registry
 * @param hex upper-case hex bytes separated by colons
 */
public record Fingerprint(String hashFunction, String hex) {
    public Fingerprint {
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        hex = hex.toUpperCase(Locale.ROOT);
        if (javaAlgorithm(hashFunction).isEmpty()) {
            throw new IllegalArgumentException("unsupported fingerprint hash: " + hashFunction);
        }
    }

    /** Parses the attribute value; empty when malformed or the hash is one we do not verify. */
    public static Optional<Fingerprint> parse(String attributeValue) {
        String[] parts = attributeValue.trim().split(" +");
        if (parts.length != 2 || !parts[1].matches("([0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}")) {
            return Optional.empty();
        }
        String hash = parts[0].toLowerCase(Locale.ROOT);
        if (javaAlgorithm(hash).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Fingerprint(hash, parts[1]));
    }

    /** Fingerprint of a DER-encoded certificate with the given hash. */
    public static Fingerprint of(String hashFunction, byte[] derCertificate) {
        String algorithm = javaAlgorithm(hashFunction.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("unsupported fingerprint hash: " + hashFunction));
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(derCertificate);
            return new Fingerprint(hashFunction, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    /** True when this fingerprint describes the certificate (RFC 8122 §5: compare with the same hash). */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                of(hashFunction, derCertificate).hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The attribute value, without {@code a=fingerprint:}. */
    public String attributeValue() {
        return hashFunction + " " + hex;
    }

    private static Optional<String> javaAlgorithm(String hash) {
        return switch (hash) {
            case "sha-1" -> Optional.of("SHA-1");
            case "sha-224" -> Optional.of("SHA-224");
            case "sha-256" -> Optional.of("SHA-256");
            case "sha-384" -> Optional.of("SHA-384");
            case "sha-512" -> Optional.of("SHA-512");
            default -> Optional.empty();
        };
    }
}
