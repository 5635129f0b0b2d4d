package org.confero.server.config;

import java.util.Objects;

/** A SIP user allowed to REGISTER ({@code user.<name>.password}). The password is never logged. */
public record UserConfig(String username, String password) {
    public UserConfig {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "UserConfig[" + username + "]";
    }
}
