package org.confero.server.http;

import org.confero.server.config.HttpConfig;

/**
 * Which ports the HTTP server listens on. Kept apart from {@link HttpConfig}, where 0 means "off", because tests
 * need "any free port": here {@link #OFF} (-1) is off and {@link #EPHEMERAL} (0) lets the OS choose.
 */
public record Listeners(int httpPort, int httpsPort) {
    public static final int OFF = -1;
    public static final int EPHEMERAL = 0;

    public Listeners {
        check("httpPort", httpPort);
        check("httpsPort", httpsPort);
    }

    /** The configured ports; a configured 0 turns the listener off. */
    public static Listeners from(HttpConfig config) {
        return new Listeners(config.port() == 0 ? OFF : config.port(),
                config.httpsPort() == 0 ? OFF : config.httpsPort());
    }

    /** Both listeners on ports the OS chooses (tests). */
    public static Listeners ephemeral() {
        return new Listeners(EPHEMERAL, EPHEMERAL);
    }

    private static void check(String name, int port) {
        if (port < OFF || port > 65_535) {
            throw new IllegalArgumentException(name + " must be -1 (off), 0 (ephemeral) or 1-65535: " + port);
        }
    }
}
