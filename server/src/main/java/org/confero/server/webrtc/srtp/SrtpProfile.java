package org.confero.server.webrtc.srtp;

import java.util.Optional;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The DTLS-SRTP protection profiles Confero negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2), in our order of
 * preference: AEAD GCM first (one pass, smaller CPU cost with AES-NI), then the mandatory AES-CM/HMAC-SHA1-80.
 */
public enum SrtpProfile {
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, "AEAD_AES_128_GCM", 16, 12, 16),
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, "AES_CM_128_HMAC_SHA1_80", 16, 14, 10);

    private final int dtlsId;
    private final String sdesName;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int dtlsId, String sdesName, int keyLength, int saltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.sdesName = sdesName;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The value in the {@code use_srtp} extension. */
    public int dtlsId() {
        return dtlsId;
    }

    /** The crypto-suite name in SDP {@code a=crypto} (RFC 4568 §6.2, RFC 7714 §12). */
    public String sdesName() {
        return sdesName;
    }

    public static Optional<SrtpProfile> bySdesName(String name) {
        for (SrtpProfile p : values()) {
            if (p.sdesName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Bytes of authentication tag appended to every protected packet (SRTCP adds 4 more for the index). */
    public int tagLength() {
        return tagLength;
    }

    /** RFC 5764 §4.2: the exporter yields both keys, then both salts. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    public static Optional<SrtpProfile> byDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Our choice among a peer's offered profiles: the first of ours that it offers. */
    public static Optional<SrtpProfile> choose(int[] offered) {
        for (SrtpProfile p : values()) {
            for (int id : offered) {
                if (id == p.dtlsId) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** jitsi-srtp's policy for this profile; SRTP and SRTCP use the same one. */
    public SrtpPolicy policy() {
        return switch (this) {
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength,
                    SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength);
            case AES128_CM_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength,
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, saltLength);
        };
    }
}
