package org.confero.server.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The gateway's self-signed ECDSA P-256 certificate (RFC 8827 §6.5: browsers authenticate it by the SDP
 * fingerprint, not by a CA). Generated once per gateway; the private key never leaves this object.
 */
public final class DtlsCertificate {
    private final BcTlsCrypto crypto;
    private final Certificate certificate;
    private final AsymmetricKeyParameter privateKey;
    private final Fingerprint fingerprint;

    private DtlsCertificate(BcTlsCrypto crypto, Certificate certificate, AsymmetricKeyParameter privateKey,
                            Fingerprint fingerprint) {
        this.crypto = crypto;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = fingerprint;
    }

    /** A fresh key pair and a certificate valid from yesterday for 30 days (clock skew on browsers' side). */
    public static DtlsCertificate generate(String commonName) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(63, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    subject, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
            byte[] der = holder.getEncoded();
            BcTlsCrypto crypto = new BcTlsCrypto(random);
            TlsCertificate tlsCertificate = new BcTlsCertificate(crypto, der);
            Certificate chain = new Certificate(new TlsCertificate[] {tlsCertificate});
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(keyPair.getPrivate().getEncoded());
            return new DtlsCertificate(crypto, chain, key, Fingerprint.of("sha-256", der));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    /** The sha-256 fingerprint announced in every SDP answer. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    Certificate chain() {
        return certificate;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }
}
