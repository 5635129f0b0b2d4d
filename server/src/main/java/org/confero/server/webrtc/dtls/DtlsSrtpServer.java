package org.confero.server.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;

/**
 * Our DTLS 1.2 server side (RFC 5763 §5: the answerer with {@code a=setup:passive}). It demands the browser's
 * certificate and checks it against the offer's fingerprint, negotiates {@code use_srtp} (RFC 5764 §4.1) and
 * exports the SRTP keys once the handshake completes.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    private final DtlsCertificate certificate;
    private final Fingerprint remoteFingerprint;
    private SrtpProfile profile;
    private final DtlsSrtpAssociation association = new DtlsSrtpAssociation();

    DtlsSrtpServer(DtlsCertificate certificate, Fingerprint remoteFingerprint) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsCipherSuites.ECDSA;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return DtlsCipherSuites.signer(context, certificate);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return DtlsCipherSuites.HANDSHAKE_TIMEOUT_MILLIS;
    }

    /** RFC 8827 §6.5: both sides present certificates; the fingerprint is what authenticates them. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsCipherSuites.verifyPeer(clientCertificate, remoteFingerprint);
    }

    @Override
    @SuppressWarnings("rawtypes") // Bouncy Castle's signature
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client offered no use_srtp");
        }
        profile = SrtpProfile.choose(offered.getProtectionProfiles())
                .orElseThrow(() -> new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP profile"));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsHelper.orEmpty(super.getServerExtensions());
        // RFC 5764 §4.1.1: the server answers with exactly one profile and echoes no MKI.
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        association.exportKeys(context, profile, true);
    }

    SrtpKeys keys() {
        return association.keys();
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        association.alertReceived(alertLevel, alertDescription);
    }

    boolean peerClosed() {
        return association.peerClosed();
    }
}
