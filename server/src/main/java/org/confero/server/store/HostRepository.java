package org.confero.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Host accounts. The first host added is the admin. */
public final class HostRepository {
    private static final String COLUMNS = "id, name, password_hash, is_admin, created_at";

    private final Jdbc jdbc;

    public HostRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Adds a host; it is admin when it is the first.
     *
     * @throws DuplicateKeyException when the name is taken
     */
    public Host add(String name, String passwordHash, long nowMillis) {
        return jdbc.transaction(c -> {
            boolean first;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM hosts"); ResultSet r = s.executeQuery()) {
                r.next();
                first = r.getLong(1) == 0;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO hosts (name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)",
                    new String[] {"id"})) {
                s.setString(1, name);
                s.setString(2, passwordHash);
                s.setBoolean(3, first);
                s.setLong(4, nowMillis);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return new Host(keys.getLong(1), name, passwordHash, first, nowMillis);
                }
            } catch (java.sql.SQLException e) {
                throw Jdbc.translate("INSERT INTO hosts", e);
            }
        });
    }

    public Optional<Host> find(String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM hosts WHERE name = ?", HostRepository::host, name);
    }

    public Optional<Host> find(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM hosts WHERE id = ?", HostRepository::host, id);
    }

    public List<Host> list() {
        return jdbc.list("SELECT " + COLUMNS + " FROM hosts ORDER BY name", HostRepository::host);
    }

    public int count() {
        return jdbc.one("SELECT COUNT(*) FROM hosts", r -> r.getInt(1)).orElse(0);
    }

    /** Removes a host with its sessions, tokens and rooms; returns whether it existed. */
    public boolean remove(String name) {
        return jdbc.update("DELETE FROM hosts WHERE name = ?", name) > 0;
    }

    public boolean updatePassword(long id, String passwordHash) {
        return jdbc.update("UPDATE hosts SET password_hash = ? WHERE id = ?", passwordHash, id) > 0;
    }

    static Host host(ResultSet r) throws java.sql.SQLException {
        return new Host(r.getLong("id"), r.getString("name"), r.getString("password_hash"), r.getBoolean("is_admin"),
                r.getLong("created_at"));
    }
}
