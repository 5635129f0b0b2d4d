package org.confero.server.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** An EC P-256 key and a one-year self-signed server certificate for the given host names and addresses. */
record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    static final Duration VALIDITY = Duration.ofDays(365);

    /**
     * @param names DNS names and IP literals for the subjectAltName (RFC 5280 §4.2.1.6); browsers ignore the CN
     */
    static SelfSignedCertificate generate(Set<String> names) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keyPair = generator.generateKeyPair();

        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=Confero self-signed");
        BigInteger serial = new BigInteger(64, new SecureRandom());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject,
                keyPair.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .build(keyPair.getPrivate())));
            return new SelfSignedCertificate(keyPair, certificate);
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("cannot build the self-signed certificate", e);
        }
    }

    /** localhost, 127.0.0.1, ::1, this machine's host name and a specific bind address. */
    static Set<String> defaultNames(String bindAddress) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        String host = System.getenv("HOSTNAME");
        if (host != null && host.matches("[A-Za-z0-9.-]{1,253}")) {
            names.add(host);
        }
        if (bindAddress != null && !bindAddress.isBlank() && !bindAddress.equals("0.0.0.0")
                && !bindAddress.equals("::")) {
            names.add(bindAddress);
        }
        return names;
    }

    private static GeneralNames subjectAltNames(Set<String> names) {
        List<GeneralName> list = new ArrayList<>();
        for (String name : names) {
            boolean ip = isIpLiteral(name);
            list.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(list.toArray(GeneralName[]::new));
    }

    private static boolean isIpLiteral(String name) {
        if (!name.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            // A literal never causes a name lookup.
            InetAddress.getByName(name);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
