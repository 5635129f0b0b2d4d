package org.confero.server.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.confero.server.config.StorageConfig;
import org.confero.server.guard.LoginGuard;
import org.confero.server.metrics.Metrics;
import org.confero.server.store.ApiTokenRepository;
import org.confero.server.store.Database;
import org.confero.server.store.HostRepository;
import org.confero.server.store.SessionRepository;
import org.confero.server.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins, session expiry and tokens on the embedded database, with a clock the test moves. */
class HostAuthTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at(Instant.ofEpochMilli(1_780_000_000_000L));
    private Database db;
    private HostAuth auth;
    private HostAccounts accounts;
    private SessionRepository sessions;

    @BeforeEach
    void open() {
        db = Database.open(new StorageConfig(Optional.empty(), "", "", 3600), dir);
        PasswordHasher hasher = new PasswordHasher(1024, 1, 1);
        HostRepository hosts = new HostRepository(db.dataSource());
        sessions = new SessionRepository(db.dataSource());
        accounts = new HostAccounts(hosts, hasher, clock);
        auth = new HostAuth(hosts, sessions, new ApiTokenRepository(db.dataSource()), hasher,
                new LoginGuard(new Metrics(), clock), clock, 3600);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionLastsItsLifetimeAndIsStoredOnlyAsAHash() {
        accounts.add("nurse", "quartz-lamp-71");
        HostAuth.LoginResult result = auth.login("nurse", "quartz-lamp-71", "10.0.0.1");
        assertThat(result).isInstanceOf(HostAuth.LoggedIn.class);
        String token = ((HostAuth.LoggedIn) result).sessionToken();
        assertThat(sessions.find(token, clock.millis())).as("the raw token is not a key").isEmpty();
        assertThat(auth.session(token)).isPresent();
        clock.advance(Duration.ofMillis(3_599_999));
        assertThat(auth.session(token)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(auth.session(token)).as("expired after one hour").isEmpty();
    }

    @Test
    void wrongPasswordsAndUnknownNamesAreRefusedAlikeAndTheAccountLocks() {
        accounts.add("nurse", "quartz-lamp-71");
        assertThat(auth.login("nobody", "quartz-lamp-71", "10.0.0.1")).isInstanceOf(HostAuth.Refused.class);
        for (int i = 0; i < 5; i++) {
            assertThat(auth.login("nurse", "wrong-" + i, "10.0.0." + (i + 2))).isInstanceOf(HostAuth.Refused.class);
        }
        assertThat(auth.login("nurse", "quartz-lamp-71", "10.0.0.9")).as("locked, even with the right password")
                .isInstanceOf(HostAuth.Throttled.class);
    }

    @Test
    void apiTokensIdentifyTheirHostUntilDeleted() {
        var host = accounts.add("nurse", "quartz-lamp-71");
        HostAuth.NewToken token = auth.createToken(host, "calendar sync");
        assertThat(auth.bearer(token.secret())).contains(host);
        assertThat(auth.bearer(token.secret().substring(1) + "x")).isEmpty();
        assertThat(auth.deleteToken(host, token.token().id())).isTrue();
        assertThat(auth.bearer(token.secret())).isEmpty();
    }
}
