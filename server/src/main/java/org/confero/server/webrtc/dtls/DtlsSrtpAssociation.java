package org.confero.server.webrtc.dtls;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;

/**
 * What our DTLS client and server learn alike from a handshake: the exported SRTP keys and whether the peer has
 * ended the association. Each side owns one and feeds it from Bouncy Castle's callbacks.
 */
final class DtlsSrtpAssociation {
    private SrtpKeys keys;
    private volatile boolean peerClosed;

    /** RFC 5764 §4.2: the SRTP keys come from the TLS exporter with the "EXTRACTOR-dtls_srtp" label. */
    void exportKeys(TlsContext context, SrtpProfile profile, boolean weAreDtlsServer) throws IOException {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        keys = SrtpKeys.fromKeyingMaterial(profile, material, weAreDtlsServer);
        Arrays.fill(material, (byte) 0);
    }

    /** RFC 5246 §7.2.1: close_notify (or any fatal alert) from the peer ends the association. */
    void alertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal) {
            peerClosed = true;
        }
    }

    SrtpKeys keys() {
        return keys;
    }

    boolean peerClosed() {
        return peerClosed;
    }
}
