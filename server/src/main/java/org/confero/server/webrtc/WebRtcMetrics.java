package org.confero.server.webrtc;

import org.confero.server.metrics.Metrics;

/** The gateway's named counters, created once so the hot path only increments. */
final class WebRtcMetrics {
    final Metrics.Counter sessionsCreated;
    final Metrics.Counter sessionsConnected;
    final Metrics.Counter sessionsFailed;
    final Metrics.Counter consentExpired;
    final Metrics.Counter dtlsHandshakesOk;
    final Metrics.Counter dtlsHandshakesFailed;
    final Metrics.Counter srtpAuthFailures;
    final Metrics.Counter srtpReplayDrops;
    final Metrics.Counter receiveDrops;
    final Metrics.Counter sendDrops;
    final Metrics.Counter packetsReceived;
    final Metrics.Counter packetsSent;
    final Metrics.Counter remoteCandidatesRefused;
    final Metrics.Counter iceFailures;
    final Metrics.Counter iceRestarts;
    final Metrics.Counter iceRestartsCompleted;
    final Metrics.Counter iceRestartsRefused;

    WebRtcMetrics(Metrics m) {
        sessionsCreated = m.counter("confero_webrtc_sessions_created_total", "WebRTC sessions created");
        sessionsConnected = m.counter("confero_webrtc_sessions_connected_total", "WebRTC sessions that reached SRTP");
        sessionsFailed = m.counter("confero_webrtc_sessions_failed_total",
                "WebRTC sessions closed by ICE/DTLS failure or timeout");
        consentExpired = m.counter("confero_webrtc_consent_expired_total",
                "WebRTC sessions closed because the browser stopped sending (RFC 7675)");
        dtlsHandshakesOk = m.counter("confero_webrtc_dtls_handshakes_ok_total", "DTLS-SRTP handshakes completed");
        dtlsHandshakesFailed = m.counter("confero_webrtc_dtls_handshakes_failed_total",
                "DTLS-SRTP handshakes failed (timeout, alert, fingerprint mismatch)");
        srtpAuthFailures = m.counter("confero_webrtc_srtp_auth_failures_total",
                "Received SRTP/SRTCP packets dropped for a bad authentication tag");
        srtpReplayDrops = m.counter("confero_webrtc_srtp_replay_drops_total", "Received SRTP/SRTCP packets dropped as replays");
        receiveDrops = m.counter("confero_webrtc_receive_drops_total",
                "Received packets dropped: unknown kind, malformed, or before keys were ready");
        sendDrops = m.counter("confero_webrtc_send_drops_total",
                "Outgoing packets dropped: not connected, busy sender, oversize, or socket error");
        packetsReceived = m.counter("confero_webrtc_packets_received_total", "SRTP/SRTCP packets received and decrypted");
        packetsSent = m.counter("confero_webrtc_packets_sent_total", "SRTP/SRTCP packets protected and sent");
        iceFailures = m.counter("confero_webrtc_ice_failures_total",
                "WebRTC sessions closed because ICE found no working candidate pair, and ICE restarts that found none");
        iceRestarts = m.counter("confero_webrtc_ice_restarts_total",
                "ICE restarts begun: re-offers with new ICE credentials on a running session");
        iceRestartsCompleted = m.counter("confero_webrtc_ice_restarts_completed_total",
                "ICE restarts that selected a new pair and moved the session's media to it");
        iceRestartsRefused = m.counter("confero_webrtc_ice_restarts_refused_total",
                "ICE restarts refused by the per-session rate limit");
        remoteCandidatesRefused = m.counter("confero_webrtc_remote_candidates_refused_total",
                "Remote ICE candidates ignored (not UDP, not an IP literal, or not allowed)");
    }
}
