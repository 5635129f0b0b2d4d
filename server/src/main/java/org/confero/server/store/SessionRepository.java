package org.confero.server.store;

import java.util.Optional;
import javax.sql.DataSource;

/** Login sessions, keyed by the SHA-256 of the cookie's value (the value itself is never stored). */
public final class SessionRepository {
    /** A live session and its host. */
    public record Session(String tokenHash, Host host, String csrfToken, long expiresAt) {}

    private final Jdbc jdbc;

    public SessionRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public void create(String tokenHash, long hostId, String csrfToken, long nowMillis, long expiresAt) {
        jdbc.update("INSERT INTO sessions (token_hash, host_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                tokenHash, hostId, csrfToken, nowMillis, expiresAt);
    }

    /** The session with this hash if it has not expired at {@code nowMillis}. */
    public Optional<Session> find(String tokenHash, long nowMillis) {
        return jdbc.one("SELECT s.token_hash, s.csrf_token, s.expires_at, h.id, h.name, h.password_hash, h.is_admin, "
                + "h.created_at FROM sessions s JOIN hosts h ON h.id = s.host_id WHERE s.token_hash = ? AND s.expires_at > ?",
                r -> new Session(r.getString("token_hash"), HostRepository.host(r), r.getString("csrf_token"),
                        r.getLong("expires_at")),
                tokenHash, nowMillis);
    }

    public boolean delete(String tokenHash) {
        return jdbc.update("DELETE FROM sessions WHERE token_hash = ?", tokenHash) > 0;
    }

    /** Forgets sessions that expired before {@code nowMillis}; returns how many. */
    public int deleteExpired(long nowMillis) {
        return jdbc.update("DELETE FROM sessions WHERE expires_at <= ?", nowMillis);
    }

    public int countFor(long hostId) {
        return jdbc.one("SELECT COUNT(*) FROM sessions WHERE host_id = ?", r -> r.getInt(1), hostId).orElse(0);
    }
}
