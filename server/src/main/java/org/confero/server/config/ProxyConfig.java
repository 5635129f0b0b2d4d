package org.confero.server.config;

/**
 * How calls, messages and presence between registered users are handled.
 *
 * @param redirectAll answer every request for a registered user of the domain with 302 and the user's contacts
 *     instead of proxying it (per user: {@code user.<name>.redirect})
 * @param noAnswerSeconds a proxied INVITE that nobody answers within this is cancelled (480, or the fallback)
 * @param fallbackToRoom when nobody answers, ring the callee's personal room (the room named like the user)
 */
public record ProxyConfig(boolean redirectAll, int noAnswerSeconds, boolean fallbackToRoom) {
    public static final ProxyConfig DEFAULTS = new ProxyConfig(false, 30, false);

    public ProxyConfig {
        Checks.positive("sip.no-answer-timeout", noAnswerSeconds);
    }
}
