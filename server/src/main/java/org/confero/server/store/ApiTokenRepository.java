package org.confero.server.store;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** API tokens for scripts, keyed by the SHA-256 of the token (the token itself is shown once and never stored). */
public final class ApiTokenRepository {
    /** What a host sees of a token: never the token. */
    public record ApiToken(long id, long hostId, String name, long createdAt) {}

    private final Jdbc jdbc;

    public ApiTokenRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public ApiToken create(long hostId, String name, String tokenHash, long nowMillis) {
        long id = jdbc.insert("INSERT INTO api_tokens (host_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                hostId, name, tokenHash, nowMillis);
        return new ApiToken(id, hostId, name, nowMillis);
    }

    /** The host a token hash belongs to. */
    public Optional<Host> hostOf(String tokenHash) {
        return jdbc.one("SELECT h.id, h.name, h.password_hash, h.is_admin, h.created_at FROM api_tokens t "
                + "JOIN hosts h ON h.id = t.host_id WHERE t.token_hash = ?", HostRepository::host, tokenHash);
    }

    public List<ApiToken> list(long hostId) {
        return jdbc.list("SELECT id, host_id, name, created_at FROM api_tokens WHERE host_id = ? ORDER BY id",
                r -> new ApiToken(r.getLong(1), r.getLong(2), r.getString(3), r.getLong(4)), hostId);
    }

    public int count(long hostId) {
        return jdbc.one("SELECT COUNT(*) FROM api_tokens WHERE host_id = ?", r -> r.getInt(1), hostId).orElse(0);
    }

    /** Deletes one of this host's tokens; returns whether it existed. */
    public boolean delete(long hostId, long tokenId) {
        return jdbc.update("DELETE FROM api_tokens WHERE host_id = ? AND id = ?", hostId, tokenId) > 0;
    }
}
