package org.confero.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where hosts, sessions and rooms are kept.
 *
 * @param jdbcUrl a PostgreSQL JDBC URL; empty = the embedded H2 file {@code <data-dir>/confero}
 * @param user database user (PostgreSQL only)
 * @param password database password (never logged)
 * @param sessionLifetimeSeconds how long a host's login lasts
 */
public record StorageConfig(Optional<String> jdbcUrl, String user, String password, int sessionLifetimeSeconds) {
    public StorageConfig {
        Objects.requireNonNull(jdbcUrl, "storage.jdbc-url");
        Objects.requireNonNull(user, "storage.user");
        Objects.requireNonNull(password, "storage.password");
        jdbcUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("storage.jdbc-url must start with jdbc:postgresql: or jdbc:h2:, was '"
                        + url.replaceAll("\\?.*", "?...") + "'");
            }
        });
        if (sessionLifetimeSeconds < 60 || sessionLifetimeSeconds > 30 * 24 * 3600) {
            throw new IllegalArgumentException("hosts.session-lifetime must be 60-2592000 seconds, was "
                    + sessionLifetimeSeconds);
        }
    }

    /** The JDBC URL to open: the configured one, or the H2 file under the data directory. */
    public String effectiveUrl(Path dataDir) {
        // The pool keeps a connection open while the server runs; when it closes, H2 closes the file (no
        // DB_CLOSE_DELAY), so the command line can open it after the server has stopped.
        return jdbcUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("confero"));
    }

    /** The URL without its query string, which may hold credentials. */
    public String printableUrl() {
        return jdbcUrl.map(url -> url.replaceAll("\\?.*", "?...")).orElse("(embedded H2 in data-dir)");
    }

    @Override
    public String toString() {
        return "StorageConfig[" + printableUrl() + ", user=" + user + "]";
    }
}
