package org.confero.server.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DtlsEndpointTest {
    private static final DtlsCertificate SERVER = DtlsCertificate.generate("server");
    private static final DtlsCertificate CLIENT = DtlsCertificate.generate("client");
    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        serverThread.shutdownNow();
    }

    @Test
    void bothSidesExportTheSameSrtpKeysSoPacketsDecryptEachWay() throws Exception {
        for (SrtpProfile offered : SrtpProfile.values()) {
            SrtpKeys[] keys = handshake(CLIENT.fingerprint(), offered);
            assertThat(keys[0].profile()).isEqualTo(offered);
            try (SrtpTransformer server = new SrtpTransformer(keys[0]);
                 SrtpTransformer client = new SrtpTransformer(keys[1])) {
                assertRoundTrip(server, client);
                assertRoundTrip(client, server);
            }
        }
    }

    @Test
    void serverPrefersGcmWhenTheClientOffersBothProfiles() throws Exception {
        assertThat(handshake(CLIENT.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM)[0]
                .profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void clientCertificateThatDoesNotMatchTheSdpFingerprintIsRejected() {
        Fingerprint someoneElse = DtlsCertificate.generate("mallory").fingerprint();
        assertThatThrownBy(() -> handshake(someoneElse, SrtpProfile.values()))
                .hasRootCauseInstanceOf(TlsFatalAlert.class)
                .rootCause().satisfies(e -> assertThat(((TlsFatalAlert) e).getAlertDescription())
                        .isEqualTo(AlertDescription.bad_certificate));
    }

    /** Returns {server keys, client keys}; the server expects {@code clientFingerprint}. */
    private SrtpKeys[] handshake(Fingerprint clientFingerprint, SrtpProfile... clientOffers) throws Exception {
        PacketQueueTransport[] ends = new PacketQueueTransport[2];
        ends[0] = new PacketQueueTransport((b, o, l) -> ends[1].offer(b, o, l));
        ends[1] = new PacketQueueTransport((b, o, l) -> ends[0].offer(b, o, l));
        DtlsEndpoint server = new DtlsEndpoint(DtlsEndpoint.Role.SERVER, SERVER, clientFingerprint, ends[0]);
        DtlsEndpoint client = new DtlsEndpoint(DtlsEndpoint.Role.CLIENT, CLIENT, SERVER.fingerprint(), ends[1], clientOffers);
        Future<SrtpKeys> serverKeys = serverThread.submit(server::handshake);
        try {
            SrtpKeys clientKeys = client.handshake();
            return new SrtpKeys[] {serverKeys.get(10, TimeUnit.SECONDS), clientKeys};
        } catch (java.io.IOException clientFailed) {
            serverKeys.get(10, TimeUnit.SECONDS); // surfaces the server's reason
            throw clientFailed;
        } finally {
            server.close();
            client.close();
        }
    }

    private static void assertRoundTrip(SrtpTransformer from, SrtpTransformer to) {
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        rtp[1] = 111;
        rtp[11] = 5;
        for (int i = 12; i < rtp.length; i++) {
            rtp[i] = (byte) i;
        }
        PacketBuffer b = new PacketBuffer();
        b.load(rtp, 0, rtp.length);
        assertThat(from.protectRtp(b)).isEqualTo(SrtpErrorStatus.OK);
        assertThat(b.getLength()).isEqualTo(172 + from.profile().tagLength());
        assertThat(to.unprotectRtp(b)).isEqualTo(SrtpErrorStatus.OK);
        byte[] out = new byte[b.getLength()];
        System.arraycopy(b.getBuffer(), b.getOffset(), out, 0, out.length);
        assertThat(out).isEqualTo(rtp);
    }
}
