package org.confero.server.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;

/**
 * Our DTLS 1.2 client side, used when the peer answers or offers {@code a=setup:passive} (RFC 5763 §5) and by
 * tests and benchmarks that play the browser.
 */
final class DtlsSrtpClient extends DefaultTlsClient {
    private final DtlsCertificate certificate;
    private final Fingerprint remoteFingerprint;
    private final int[] offeredProfiles;
    private SrtpProfile profile;
    private final DtlsSrtpAssociation association = new DtlsSrtpAssociation();

    DtlsSrtpClient(DtlsCertificate certificate, Fingerprint remoteFingerprint, SrtpProfile... offered) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        SrtpProfile[] profiles = offered.length == 0 ? SrtpProfile.values() : offered;
        this.offeredProfiles = new int[profiles.length];
        for (int i = 0; i < profiles.length; i++) {
            offeredProfiles[i] = profiles[i].dtlsId();
        }
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
    public int getHandshakeTimeoutMillis() {
        return DtlsCipherSuites.HANDSHAKE_TIMEOUT_MILLIS;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsHelper.orEmpty(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes") // Bouncy Castle's signature
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "server chose no single SRTP profile");
        }
        int id = chosen.getProtectionProfiles()[0];
        boolean offered = false;
        for (int o : offeredProfiles) {
            offered |= o == id;
        }
        if (!offered) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
        }
        profile = SrtpProfile.byDtlsId(id).orElseThrow();
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsCipherSuites.verifyPeer(serverCertificate.getCertificate(), remoteFingerprint);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return DtlsCipherSuites.signer(context, certificate);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        association.exportKeys(context, profile, false);
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
