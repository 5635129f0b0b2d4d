package org.confero.server.config;

/**
 * Time-limited TURN credentials (the coturn "REST API" scheme, {@code use-auth-secret}).
 *
 * @param sharedSecret coturn's {@code static-auth-secret}; empty = TURN URLs are handed out without credentials
 * @param credentialTtlSeconds how long the credentials given at a join stay valid
 */
public record TurnConfig(String sharedSecret, int credentialTtlSeconds) {
    public static final TurnConfig NONE = new TurnConfig("", 86400);

    public TurnConfig {
        if (sharedSecret == null) {
            throw new IllegalArgumentException("turn.shared-secret must not be null");
        }
        if (credentialTtlSeconds < 60 || credentialTtlSeconds > 7 * 86400) {
            throw new IllegalArgumentException("turn.credential-ttl must be 60-604800 seconds");
        }
    }

    public boolean enabled() {
        return !sharedSecret.isEmpty();
    }

    @Override
    public String toString() {
        return "TurnConfig[sharedSecret=" + (sharedSecret.isEmpty() ? "(none)" : EffectiveConfig.MASK)
                + ", credentialTtlSeconds=" + credentialTtlSeconds + "]";
    }
}
