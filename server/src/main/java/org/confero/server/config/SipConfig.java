package org.confero.server.config;

/**
 * @param domain the SIP domain rooms live in ({@code sip:<room>@<domain>}); requests for other hosts are
 *     accepted when they name one of our addresses
 * @param port UDP and TCP listening port
 * @param sessionExpiresSeconds RFC 4028 session interval we ask for
 * @param minSessionExpiresSeconds RFC 4028 Min-SE we accept (never below 90)
 * @param rtpTimeoutSeconds a call that receives no RTP for this long is ended with BYE
 * @param nonceLifetimeSeconds digest nonces older than this are answered with stale=true
 * @param digestAlgorithms digest challenges offered, most preferred first (RFC 8760 §2.4): "SHA-256", "MD5".
 *     Phones that answer only the first challenge they see need theirs listed first.
 * @param maxCallSetupRate new calls (INVITEs outside a dialog) admitted per second; beyond it the focus answers
 *     503 with Retry-After (RFC 3261 §21.5.4) instead of taking work it cannot finish
 * @param guard rate limits, bans, PIN and lobby limits, RTP source checks
 * @param tlsPort SIP over TLS port (RFC 3261 §26.2, {@code sips:} and {@code transport=tls}); 0 = off
 * @param maxUnconfirmedCalls answered calls still waiting for their ACK above which new calls get 503 (heavy
 *     sources at once, everyone at twice this); 0 = two seconds of {@code maxCallSetupRate}
 */
public record SipConfig(
        String domain,
        int port,
        int sessionExpiresSeconds,
        int minSessionExpiresSeconds,
        int rtpTimeoutSeconds,
        int nonceLifetimeSeconds,
        int registrationMaxExpiresSeconds,
        java.util.List<String> digestAlgorithms,
        int maxCallSetupRate,
        GuardConfig guard,
        int tlsPort,
        int maxUnconfirmedCalls) {
    public static final int DEFAULT_TLS_PORT = 5061;
    public static final java.util.List<String> DEFAULT_DIGEST_ALGORITHMS = java.util.List.of("SHA-256", "MD5");
    /**
     * About a third of the 996 calls/s a quiet 2-core machine set up without failures (issue 18); a busy one
     * holds less, and the mix clock's guard then refuses earlier. README "Performance" tells how to measure.
     */
    public static final int DEFAULT_MAX_CALL_SETUP_RATE = 300;
    /**
     * With 0, the unconfirmed backlog may hold this many seconds of call setups: a caller's ACK follows its 200
     * within a round trip, so a healthy server holds a few; two seconds' worth means callers stopped answering.
     */
    public static final int UNCONFIRMED_BACKLOG_SECONDS = 2;

    public SipConfig(String domain, int port, int sessionExpiresSeconds, int minSessionExpiresSeconds,
            int rtpTimeoutSeconds, int nonceLifetimeSeconds, int registrationMaxExpiresSeconds,
            java.util.List<String> digestAlgorithms, int maxCallSetupRate, GuardConfig guard, int tlsPort) {
        this(domain, port, sessionExpiresSeconds, minSessionExpiresSeconds, rtpTimeoutSeconds, nonceLifetimeSeconds,
                registrationMaxExpiresSeconds, digestAlgorithms, maxCallSetupRate, guard, tlsPort, 0);
    }

    public SipConfig(String domain, int port, int sessionExpiresSeconds, int minSessionExpiresSeconds,
            int rtpTimeoutSeconds, int nonceLifetimeSeconds, int registrationMaxExpiresSeconds) {
        this(domain, port, sessionExpiresSeconds, minSessionExpiresSeconds, rtpTimeoutSeconds, nonceLifetimeSeconds,
                registrationMaxExpiresSeconds, DEFAULT_DIGEST_ALGORITHMS, DEFAULT_MAX_CALL_SETUP_RATE, GuardConfig.DEFAULTS,
                DEFAULT_TLS_PORT);
    }

    public SipConfig(String domain, int port, int sessionExpiresSeconds, int minSessionExpiresSeconds,
            int rtpTimeoutSeconds, int nonceLifetimeSeconds, int registrationMaxExpiresSeconds,
            java.util.List<String> digestAlgorithms, int maxCallSetupRate, GuardConfig guard) {
        this(domain, port, sessionExpiresSeconds, minSessionExpiresSeconds, rtpTimeoutSeconds, nonceLifetimeSeconds,
                registrationMaxExpiresSeconds, digestAlgorithms, maxCallSetupRate, guard, DEFAULT_TLS_PORT);
    }

    public SipConfig withTlsPort(int p) {
        return new SipConfig(domain, port, sessionExpiresSeconds, minSessionExpiresSeconds, rtpTimeoutSeconds,
                nonceLifetimeSeconds, registrationMaxExpiresSeconds, digestAlgorithms, maxCallSetupRate, guard, p,
                maxUnconfirmedCalls);
    }

    public SipConfig withGuard(GuardConfig g) {
        return new SipConfig(domain, port, sessionExpiresSeconds, minSessionExpiresSeconds, rtpTimeoutSeconds,
                nonceLifetimeSeconds, registrationMaxExpiresSeconds, digestAlgorithms, maxCallSetupRate, g, tlsPort,
                maxUnconfirmedCalls);
    }

    /** The backlog bound admission control applies: the setting, or two seconds of the call-setup rate. */
    public int effectiveMaxUnconfirmedCalls() {
        return maxUnconfirmedCalls > 0 ? maxUnconfirmedCalls : UNCONFIRMED_BACKLOG_SECONDS * maxCallSetupRate;
    }

    public SipConfig(String domain, int port, int sessionExpiresSeconds, int minSessionExpiresSeconds,
            int rtpTimeoutSeconds, int nonceLifetimeSeconds, int registrationMaxExpiresSeconds,
            java.util.List<String> digestAlgorithms) {
        this(domain, port, sessionExpiresSeconds, minSessionExpiresSeconds, rtpTimeoutSeconds, nonceLifetimeSeconds,
                registrationMaxExpiresSeconds, digestAlgorithms, DEFAULT_MAX_CALL_SETUP_RATE, GuardConfig.DEFAULTS,
                DEFAULT_TLS_PORT);
    }

    public SipConfig {
        digestAlgorithms = java.util.List.copyOf(digestAlgorithms);
        java.util.Objects.requireNonNull(guard, "guard");
        if (digestAlgorithms.isEmpty() || digestAlgorithms.stream().anyMatch(a -> !DEFAULT_DIGEST_ALGORITHMS.contains(a))
                || digestAlgorithms.stream().distinct().count() != digestAlgorithms.size()) {
            throw new IllegalArgumentException("sip.digest-algorithms must list SHA-256 and/or MD5 once each");
        }
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("sip.domain must be set");
        }
        Checks.port("sip.port", port, false);
        Checks.port("sip.tls-port", tlsPort, true);
        if (tlsPort == port) {
            // TCP and TLS cannot share a port
            throw new IllegalArgumentException("sip.tls-port must differ from sip.port");
        }
        if (minSessionExpiresSeconds < 90) {
            throw new IllegalArgumentException("sip.min-session-expires must be at least 90 (RFC 4028)");
        }
        if (sessionExpiresSeconds < minSessionExpiresSeconds) {
            throw new IllegalArgumentException("sip.session-expires must be >= sip.min-session-expires");
        }
        Checks.positive("sip.rtp-timeout", rtpTimeoutSeconds);
        Checks.positive("sip.nonce-lifetime", nonceLifetimeSeconds);
        Checks.positive("sip.registration-max-expires", registrationMaxExpiresSeconds);
        Checks.positive("sip.max-call-setup-rate", maxCallSetupRate);
        if (maxUnconfirmedCalls < 0) {
            throw new IllegalArgumentException("sip.max-unconfirmed-calls must be 0 (automatic) or positive");
        }
    }
}
