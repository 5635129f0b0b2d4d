package org.confero.server.webrtc.dtls;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/** What our DTLS client and server share: cipher suites, credentials and the peer check. */
final class DtlsCipherSuites {
    /** ECDHE with our ECDSA certificate, AEAD first (what browsers prefer too). */
    static final int[] ECDSA = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };
    /** A browser that has not finished its handshake after this long is gone. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private DtlsCipherSuites() {}

    static TlsCredentialedSigner signer(TlsContext context, DtlsCertificate certificate) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), certificate.crypto(),
                certificate.privateKey(), certificate.chain(),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** RFC 8122 §5 / RFC 5763 §5: the end-entity certificate must match the fingerprint from the peer's SDP. */
    static void verifyPeer(Certificate chain, Fingerprint expected) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!expected.matches(der)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
        }
    }
}
