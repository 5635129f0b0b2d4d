package org.confero.server.sip.sdes;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.confero.server.webrtc.srtp.SrtpProfile;

/**
 * One {@code a=crypto} attribute we can use (RFC 4568 §9.1):
 * {@code <tag> <crypto-suite> inline:<base64 key||salt>[|lifetime]}. Lines with a master key identifier (MKI),
 * several keys or session parameters are not used: jitsi-srtp keys a context with one master key and no MKI,
 * and RFC 4568 §6.3 says a line whose parameters are not understood is not accepted.
 */
public record CryptoLine(int tag, SrtpProfile profile, byte[] keyAndSalt) {
    private static final int MAX_TAG = 999_999_999; // RFC 4568 §9.1: 1*9DIGIT

    public CryptoLine {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("crypto tag out of range");
        }
        if (keyAndSalt.length != profile.keyLength() + profile.saltLength()) {
            throw new IllegalArgumentException("key||salt must be " + (profile.keyLength() + profile.saltLength())
                    + " bytes for " + profile.sdesName());
        }
        keyAndSalt = keyAndSalt.clone();
    }

    /** What a line says, or why we cannot use it. */
    public sealed interface Parsed permits Parsed.Usable, Parsed.Unusable {
        record Usable(CryptoLine line) implements Parsed {}

        record Unusable(String reason) implements Parsed {}
    }

    /** @param value the attribute value after {@code a=crypto:} */
    public static Parsed parse(String value) {
        if (value == null || value.length() > 512) {
            return new Parsed.Unusable("malformed a=crypto");
        }
        String[] fields = value.trim().split("[ \t]+");
        if (fields.length < 3) {
            return new Parsed.Unusable("malformed a=crypto");
        }
        if (fields.length > 3) {
            return new Parsed.Unusable("a=crypto session parameters not supported");
        }
        int tag;
        try {
            tag = fields[0].length() <= 9 ? Integer.parseInt(fields[0]) : -1;
        } catch (NumberFormatException e) {
            tag = -1;
        }
        if (tag < 0 || !fields[0].chars().allMatch(Character::isDigit)) {
            return new Parsed.Unusable("malformed a=crypto tag");
        }
        Optional<SrtpProfile> profile = SrtpProfile.bySdesName(fields[1]);
        if (profile.isEmpty()) {
            return new Parsed.Unusable("crypto suite not supported");
        }
        String keyParams = fields[2];
        if (keyParams.contains(";")) {
            return new Parsed.Unusable("several master keys not supported");
        }
        if (!keyParams.startsWith("inline:")) {
            return new Parsed.Unusable("key method not supported");
        }
        String[] parts = keyParams.substring("inline:".length()).split("\\|", -1);
        // RFC 4568 §6.1: "inline:<key>[|lifetime][|MKI:length]"; a lifetime is fine, an MKI is not (we key without)
        boolean mki = parts.length > 2 || (parts.length == 2 && parts[1].contains(":"));
        if (mki) {
            return new Parsed.Unusable("MKI not supported");
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            return new Parsed.Unusable("malformed a=crypto key");
        }
        SrtpProfile p = profile.get();
        if (material.length != p.keyLength() + p.saltLength()) {
            Arrays.fill(material, (byte) 0);
            return new Parsed.Unusable("a=crypto key length does not fit its suite");
        }
        CryptoLine line = new CryptoLine(tag, p, material);
        Arrays.fill(material, (byte) 0);
        return new Parsed.Usable(line);
    }

    public byte[] key() {
        return Arrays.copyOfRange(keyAndSalt, 0, profile.keyLength());
    }

    public byte[] salt() {
        return Arrays.copyOfRange(keyAndSalt, profile.keyLength(), keyAndSalt.length);
    }

    /** Same suite and key material (a re-offer that keeps its keys, RFC 4568 §7.1.4). */
    public boolean sameKeyAs(CryptoLine other) {
        return other != null && profile == other.profile
                && java.security.MessageDigest.isEqual(keyAndSalt, other.keyAndSalt);
    }

    /** The attribute value for our SDP; it carries a key, so it goes into SDP and nowhere else. */
    public String attributeValue() {
        return tag + " " + profile.sdesName() + " inline:" + Base64.getEncoder().encodeToString(keyAndSalt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CryptoLine c && c.tag == tag && sameKeyAs(c);
    }

    @Override
    public int hashCode() {
        return tag * 31 + profile.hashCode();
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "CryptoLine[" + tag + " " + profile.sdesName() + "]";
    }
}
