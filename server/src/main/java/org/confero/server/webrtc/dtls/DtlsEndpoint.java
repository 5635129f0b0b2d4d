package org.confero.server.webrtc.dtls;

import java.io.IOException;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.confero.server.webrtc.srtp.SrtpKeys;
import org.confero.server.webrtc.srtp.SrtpProfile;

/**
 * One DTLS-SRTP association over a {@link PacketQueueTransport}: runs the handshake in the role SDP settled
 * (RFC 5763 §5), then lets the session feed it the records that arrive later (retransmitted flights, alerts).
 */
public final class DtlsEndpoint implements AutoCloseable {
    /** Which side of the handshake we play; {@code a=setup:passive} means server. */
    public enum Role { SERVER, CLIENT }

    private final Role role;
    private final PacketQueueTransport transport;
    private final DtlsSrtpServer server;
    private final DtlsSrtpClient client;
    private final byte[] scratch = new byte[1500];
    private volatile DTLSTransport dtls;

    public DtlsEndpoint(Role role, DtlsCertificate certificate, Fingerprint remoteFingerprint,
                        PacketQueueTransport transport, SrtpProfile... clientProfiles) {
        this.role = role;
        this.transport = transport;
        this.server = role == Role.SERVER ? new DtlsSrtpServer(certificate, remoteFingerprint) : null;
        this.client = role == Role.CLIENT ? new DtlsSrtpClient(certificate, remoteFingerprint, clientProfiles) : null;
    }

    public Role role() {
        return role;
    }

    /** Blocks until the handshake completes (or fails, or times out after 10 s) and returns the SRTP keys. */
    public SrtpKeys handshake() throws IOException {
        if (role == Role.SERVER) {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            // ICE connectivity checks already proved the peer's address (RFC 8842 §5): no cookie exchange needed.
            protocol.setVerifyRequests(false);
            dtls = protocol.accept(server, transport);
            return server.keys();
        }
        dtls = new DTLSClientProtocol().connect(client, transport);
        return client.keys();
    }

    /**
     * Lets Bouncy Castle process records already queued after the handshake (a retransmitted flight, an alert).
     * Returns false when the peer closed the association. Application data is not part of WebRTC media: ignored.
     */
    public synchronized boolean pump() {
        DTLSTransport t = dtls;
        if (t == null) {
            return true;
        }
        try {
            while (t.receive(scratch, 0, scratch.length, 1) >= 0) {
                // data channel payloads would land here; we reject the application m-line, so drop them
            }
        } catch (IOException e) {
            return false;
        }
        return !peerClosed();
    }

    public boolean peerClosed() {
        return role == Role.SERVER ? server.peerClosed() : client.peerClosed();
    }

    /**
     * Sends close_notify when the handshake had completed, then stops the transport. Idempotent. Synchronized
     * with {@link #pump()}: Bouncy Castle's record layer is not meant for two threads at once.
     */
    @Override
    public synchronized void close() {
        DTLSTransport t = dtls;
        dtls = null;
        if (t != null) {
            try {
                t.close();
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already; nothing else to free
            }
        }
        transport.close();
    }
}
