package org.confero.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.confero.server.rooms.HostedRoom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage behaviour every database must show; run on the embedded H2 file ({@link H2StorageTest}) and on a real
 * PostgreSQL cluster ({@link PostgresStorageTest}) with the same migrations.
 */
abstract class StorageContract {
    private static final long NOW = 1_780_000_000_000L;

    private Database db;
    private HostRepository hosts;
    private SessionRepository sessions;
    private ApiTokenRepository tokens;
    private RoomRepository rooms;

    /** A new, empty database for one test. */
    abstract Database openFresh() throws Exception;

    /** The same database opened again (a restart), or null when the kind cannot show it. */
    abstract Database reopen() throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = openFresh();
        wire();
    }

    private void wire() {
        hosts = new HostRepository(db.dataSource());
        sessions = new SessionRepository(db.dataSource());
        tokens = new ApiTokenRepository(db.dataSource());
        rooms = new RoomRepository(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theFirstHostIsAdminAndLaterOnesAreNot() {
        Host first = hosts.add("ana", "$argon2id$x", NOW);
        Host second = hosts.add("ben", "$argon2id$y", NOW);
        assertThat(first.admin()).isTrue();
        assertThat(second.admin()).isFalse();
        assertThat(hosts.find("ben")).contains(second);
        assertThat(hosts.find(first.id())).contains(first);
        assertThat(hosts.list()).extracting(Host::name).containsExactly("ana", "ben");
        assertThat(hosts.count()).isEqualTo(2);
    }

    @Test
    void aTakenHostNameIsRefusedAsDuplicate() {
        hosts.add("ana", "h1", NOW);
        assertThatThrownBy(() -> hosts.add("ana", "h2", NOW)).isInstanceOf(DuplicateKeyException.class);
        assertThat(hosts.find("ana").orElseThrow().passwordHash()).isEqualTo("h1");
    }

    @Test
    void sessionsAreFoundUntilTheyExpireAndGoneAfterDelete() {
        Host ana = hosts.add("ana", "h", NOW);
        String hash = "a".repeat(64);
        sessions.create(hash, ana.id(), "c".repeat(43), NOW, NOW + 1000);
        assertThat(sessions.find(hash, NOW + 999)).get().satisfies(s -> {
            assertThat(s.host()).isEqualTo(ana);
            assertThat(s.csrfToken()).isEqualTo("c".repeat(43));
        });
        assertThat(sessions.find(hash, NOW + 1000)).as("expired").isEmpty();
        assertThat(sessions.deleteExpired(NOW + 1000)).isEqualTo(1);
        sessions.create(hash, ana.id(), "c".repeat(43), NOW, NOW + 1000);
        assertThat(sessions.delete(hash)).isTrue();
        assertThat(sessions.find(hash, NOW)).isEmpty();
    }

    @Test
    void apiTokensMapToTheirHostAndOnlyTheOwnerDeletesThem() {
        Host ana = hosts.add("ana", "h", NOW);
        Host ben = hosts.add("ben", "h", NOW);
        ApiTokenRepository.ApiToken token = tokens.create(ana.id(), "cron", "b".repeat(64), NOW);
        assertThat(tokens.hostOf("b".repeat(64))).contains(ana);
        assertThat(tokens.hostOf("d".repeat(64))).isEmpty();
        assertThat(tokens.list(ana.id())).containsExactly(token);
        assertThat(tokens.delete(ben.id(), token.id())).as("another host's token").isFalse();
        assertThat(tokens.delete(ana.id(), token.id())).isTrue();
        assertThat(tokens.hostOf("b".repeat(64))).isEmpty();
    }

    @Test
    void aRoomKeepsEveryFieldIncludingScheduleTimeZoneAndAbsentValues() {
        Host ana = hosts.add("ana", "h", NOW);
        HostedRoom full = new HostedRoom("maths-7b", "Mathématiques 7B — Zoë", ana.id(),
                Optional.of(LocalDateTime.of(2027, 3, 28, 2, 30)), Optional.of(LocalDateTime.of(2027, 3, 28, 3, 45)),
                ZoneId.of("Europe/Berlin"), true, Optional.of(LocalDate.of(2027, 6, 30)), Optional.of("4821"),
                Optional.of("99887766"), true, 30, "speaker", true, false, NOW, NOW + 5);
        HostedRoom bare = new HostedRoom("quick-chat", "Quick chat", ana.id(), Optional.empty(), Optional.empty(),
                ZoneId.of("UTC"), false, Optional.empty(), Optional.empty(), Optional.empty(), false, 50, "grid",
                false, false, NOW, NOW);
        rooms.insert(full);
        rooms.insert(bare);
        // 02:30 on 28 March 2027 does not exist in Berlin (DST starts): stored as the host wrote it all the same.
        assertThat(rooms.find("maths-7b")).contains(full);
        assertThat(rooms.find("quick-chat")).contains(bare);
        assertThat(rooms.find("nowhere")).isEmpty();
    }

    @Test
    void aTakenSlugIsRefusedAsDuplicate() {
        Host ana = hosts.add("ana", "h", NOW);
        rooms.insert(room("team-sync", ana.id()));
        assertThatThrownBy(() -> rooms.insert(room("team-sync", ana.id()))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void roomsAreUpdatedListedPerOwnerAndDeleted() {
        Host ana = hosts.add("ana", "h", NOW);
        Host ben = hosts.add("ben", "h", NOW);
        rooms.insert(room("ana-one", ana.id()));
        rooms.insert(room("ana-two", ana.id()));
        rooms.insert(room("ben-one", ben.id()));
        assertThat(rooms.listByOwner(ana.id())).extracting(HostedRoom::slug).containsExactly("ana-one", "ana-two");
        assertThat(rooms.listAll()).hasSize(3);
        assertThat(rooms.countByOwner(ben.id())).isEqualTo(1);

        HostedRoom changed = new HostedRoom("ana-one", "Renamed", ana.id(), Optional.empty(), Optional.empty(),
                ZoneId.of("America/New_York"), false, Optional.empty(), Optional.of("1234"), Optional.empty(), true,
                8, "presenter", true, true, NOW, NOW + 60_000);
        assertThat(rooms.update(changed)).isTrue();
        assertThat(rooms.find("ana-one")).contains(changed);
        assertThat(rooms.delete("ana-two")).isTrue();
        assertThat(rooms.delete("ana-two")).isFalse();
        assertThat(rooms.listByOwner(ana.id())).extracting(HostedRoom::slug).containsExactly("ana-one");
    }

    @Test
    void removingAHostRemovesItsSessionsTokensAndRooms() {
        Host ana = hosts.add("ana", "h", NOW);
        sessions.create("e".repeat(64), ana.id(), "c".repeat(43), NOW, NOW + 1000);
        tokens.create(ana.id(), "t", "f".repeat(64), NOW);
        rooms.insert(room("ana-room", ana.id()));
        assertThat(hosts.remove("ana")).isTrue();
        assertThat(sessions.find("e".repeat(64), NOW)).isEmpty();
        assertThat(tokens.hostOf("f".repeat(64))).isEmpty();
        assertThat(rooms.find("ana-room")).isEmpty();
        assertThat(hosts.remove("ana")).isFalse();
    }

    @Test
    void whatWasCommittedIsThereAfterReopeningAndMigrationsDoNotRunTwice() throws Exception {
        Host ana = hosts.add("ana", "h", NOW);
        rooms.insert(room("kept-room", ana.id()));
        db.close();
        db = reopen();
        wire();
        assertThat(rooms.find("kept-room")).contains(room("kept-room", ana.id()));
        assertThat(hosts.add("ben", "h", NOW).admin()).isFalse();
    }

    private static HostedRoom room(String slug, long owner) {
        return new HostedRoom(slug, "Room " + slug, owner, Optional.of(LocalDateTime.of(2027, 1, 11, 9, 0)),
                Optional.of(LocalDateTime.of(2027, 1, 11, 10, 0)), ZoneId.of("Europe/Paris"), false, Optional.empty(),
                Optional.empty(), Optional.empty(), false, 50, "grid", false, false, NOW, NOW);
    }
}
