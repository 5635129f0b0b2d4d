package org.confero.server.webrtc.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts of both directions, split from the DTLS exporter output (RFC 5764 §4.2:
 * client_write_key | server_write_key | client_write_salt | server_write_salt). Never logged.
 */
public final class SrtpKeys {
    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    private SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        this.profile = profile;
        this.localKey = localKey;
        this.localSalt = localSalt;
        this.remoteKey = remoteKey;
        this.remoteSalt = remoteSalt;
    }

    /** Splits exporter output; {@code weAreDtlsServer} decides which half is ours to send with. */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean weAreDtlsServer) {
        Objects.requireNonNull(profile, "profile");
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength() + " bytes");
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return weAreDtlsServer
                ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /** Keys exchanged in the signalling instead (SDES, RFC 4568): ours to send with, the peer's to receive. */
    public static SrtpKeys of(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
            byte[] remoteSalt) {
        Objects.requireNonNull(profile, "profile");
        if (localKey.length != profile.keyLength() || remoteKey.length != profile.keyLength()
                || localSalt.length != profile.saltLength() || remoteSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException("key or salt length does not fit " + profile);
        }
        return new SrtpKeys(profile, localKey.clone(), localSalt.clone(), remoteKey.clone(), remoteSalt.clone());
    }

    public SrtpProfile profile() {
        return profile;
    }

    byte[] localKey() {
        return localKey.clone();
    }

    byte[] localSalt() {
        return localSalt.clone();
    }

    byte[] remoteKey() {
        return remoteKey.clone();
    }

    byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    /** Overwrites the key bytes once contexts are derived. */
    void wipe() {
        Arrays.fill(localKey, (byte) 0);
        Arrays.fill(localSalt, (byte) 0);
        Arrays.fill(remoteKey, (byte) 0);
        Arrays.fill(remoteSalt, (byte) 0);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }
}
