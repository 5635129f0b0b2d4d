package org.confero.server.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SIP user allowed to REGISTER ({@code user.<name>.password}). The password is never logged.
 *
 * @param redirect calls for this user get 302 with the registered contacts instead of being proxied
 * @param dialOutside targets outside Confero's domain (other domains, telephone numbers) this user may call, as a
 *     pattern over {@code user@host} of the Request-URI; empty: none (the default, against toll fraud)
 */
public record UserConfig(String username, String password, boolean redirect, Optional<Pattern> dialOutside) {
    public UserConfig {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dialOutside, "dialOutside");
    }

    public UserConfig(String username, String password) {
        this(username, password, false, Optional.empty());
    }

    @Override
    public String toString() {
        return "UserConfig[" + username + "]";
    }
}
