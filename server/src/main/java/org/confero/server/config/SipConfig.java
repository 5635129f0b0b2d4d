package org.confero.server.config;

/**
 * @param domain the SIP domain rooms live in ({@code sip:<room>@<domain>}); requests for other hosts are
 *     accepted when they name one of our addresses
 * @param port UDP and TCP listening port
 * @param sessionExpiresSeconds RFC 4028 session interval we ask for
 * @param minSessionExpiresSeconds RFC 4028 Min-SE we accept (never below 90)
 * @param rtpTimeoutSeconds a call that receives no RTP for this long is ended with BYE
 * @param nonceLifetimeSeconds digest nonces older than this are answered with stale=true
 */
public record SipConfig(
        String domain,
        int port,
        int sessionExpiresSeconds,
        int minSessionExpiresSeconds,
        int rtpTimeoutSeconds,
        int nonceLifetimeSeconds,
        int registrationMaxExpiresSeconds) {
    public SipConfig {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("sip.domain must be set");
        }
        Checks.port("sip.port", port, false);
        if (minSessionExpiresSeconds < 90) {
            throw new IllegalArgumentException("sip.min-session-expires must be at least 90 (RFC 4028)");
        }
        if (sessionExpiresSeconds < minSessionExpiresSeconds) {
            throw new IllegalArgumentException("sip.session-expires must be >= sip.min-session-expires");
        }
        Checks.positive("sip.rtp-timeout", rtpTimeoutSeconds);
        Checks.positive("sip.nonce-lifetime", nonceLifetimeSeconds);
        Checks.positive("sip.registration-max-expires", registrationMaxExpiresSeconds);
    }
}
