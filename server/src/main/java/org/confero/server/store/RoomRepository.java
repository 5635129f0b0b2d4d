package org.confero.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.confero.server.rooms.HostedRoom;

/** Rooms hosts created. */
public final class RoomRepository {
    private static final String COLUMNS = "slug, title, owner_id, starts_at, ends_at, time_zone, weekly, repeat_until, "
            + "participant_pin, host_pin, lobby, max_participants, default_layout, recording_allowed, locked, "
            + "created_at, updated_at";

    private final Jdbc jdbc;

    public RoomRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** @throws DuplicateKeyException when the slug is taken */
    public void insert(HostedRoom room) {
        jdbc.update("INSERT INTO rooms (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values(room));
    }

    /** Replaces every column but slug, owner and creation time; returns whether the room existed. */
    public boolean update(HostedRoom room) {
        return jdbc.update("UPDATE rooms SET title = ?, starts_at = ?, ends_at = ?, time_zone = ?, weekly = ?, "
                + "repeat_until = ?, participant_pin = ?, host_pin = ?, lobby = ?, max_participants = ?, "
                + "default_layout = ?, recording_allowed = ?, locked = ?, updated_at = ? WHERE slug = ?",
                room.title(), timestamp(room.startsAt()), timestamp(room.endsAt()), room.timeZone().getId(),
                room.weekly(), date(room.repeatUntil()), room.participantPin().orElse(null),
                room.hostPin().orElse(null), room.lobby(), room.maxParticipants(), room.defaultLayout(),
                room.recordingAllowed(), room.locked(), room.updatedAt(), room.slug()) > 0;
    }

    public Optional<HostedRoom> find(String slug) {
        return jdbc.one("SELECT " + COLUMNS + " FROM rooms WHERE slug = ?", RoomRepository::room, slug);
    }

    public List<HostedRoom> listByOwner(long ownerId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM rooms WHERE owner_id = ? ORDER BY slug", RoomRepository::room,
                ownerId);
    }

    public List<HostedRoom> listAll() {
        return jdbc.list("SELECT " + COLUMNS + " FROM rooms ORDER BY slug", RoomRepository::room);
    }

    public int countByOwner(long ownerId) {
        return jdbc.one("SELECT COUNT(*) FROM rooms WHERE owner_id = ?", r -> r.getInt(1), ownerId).orElse(0);
    }

    public boolean delete(String slug) {
        return jdbc.update("DELETE FROM rooms WHERE slug = ?", slug) > 0;
    }

    private static Object[] values(HostedRoom room) {
        return new Object[] {room.slug(), room.title(), room.ownerId(), timestamp(room.startsAt()),
            timestamp(room.endsAt()), room.timeZone().getId(), room.weekly(), date(room.repeatUntil()),
            room.participantPin().orElse(null), room.hostPin().orElse(null), room.lobby(), room.maxParticipants(),
            room.defaultLayout(), room.recordingAllowed(), room.locked(), room.createdAt(), room.updatedAt()};
    }

    // java.time values, not java.sql.Timestamp: no detour through the JVM's own time zone (and its DST gaps).
    private static LocalDateTime timestamp(Optional<LocalDateTime> value) {
        return value.orElse(null);
    }

    private static LocalDate date(Optional<LocalDate> value) {
        return value.orElse(null);
    }

    private static HostedRoom room(ResultSet r) throws SQLException {
        LocalDateTime start = r.getObject("starts_at", LocalDateTime.class);
        LocalDateTime end = r.getObject("ends_at", LocalDateTime.class);
        LocalDate until = r.getObject("repeat_until", LocalDate.class);
        return new HostedRoom(r.getString("slug"), r.getString("title"), r.getLong("owner_id"),
                Optional.ofNullable(start), Optional.ofNullable(end), ZoneId.of(r.getString("time_zone")),
                r.getBoolean("weekly"), Optional.ofNullable(until),
                Optional.ofNullable(r.getString("participant_pin")), Optional.ofNullable(r.getString("host_pin")),
                r.getBoolean("lobby"), r.getInt("max_participants"), r.getString("default_layout"),
                r.getBoolean("recording_allowed"), r.getBoolean("locked"), r.getLong("created_at"),
                r.getLong("updated_at"));
    }
}
