package org.confero.server.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthGuardTest {
    @Test
    void thirdFailureLocksTheSourceOutAndOthersStayFree() {
        AuthGuard guard = new AuthGuard(3, 60_000, 300_000, Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));
        assertThat(guard.recordFailure("10.0.0.1")).isFalse();
        assertThat(guard.recordFailure("10.0.0.1")).isFalse();
        assertThat(guard.recordFailure("10.0.0.1")).isTrue();
        assertThat(guard.isLockedOut("10.0.0.1")).isTrue();
        assertThat(guard.isLockedOut("10.0.0.2")).isFalse();
    }

    @Test
    void anotherUsersSuccessDoesNotClearTheSourcesFailures() {
        AuthGuard guard = new AuthGuard(3, 60_000, 300_000, Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));
        assertThat(guard.recordFailure("10.0.0.1", "victim")).isEqualTo(AuthGuard.Outcome.COUNTED);
        guard.recordSuccess("10.0.0.1", "attacker");
        assertThat(guard.recordFailure("10.0.0.1", "victim")).isEqualTo(AuthGuard.Outcome.COUNTED);
        guard.recordSuccess("10.0.0.1", "attacker");
        assertThat(guard.recordFailure("10.0.0.1", "victim")).isEqualTo(AuthGuard.Outcome.SOURCE_LOCKED);
    }

    @Test
    void aUserGuessedFromManySourcesIsLockedAndItsOwnSuccessClearsIt() {
        AuthGuard guard = new AuthGuard(5, 3, 60_000, 300_000, Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));
        guard.recordFailure("10.0.0.1", "alice");
        guard.recordSuccess("10.0.0.9", "alice");
        assertThat(guard.recordFailure("10.0.0.2", "alice")).isEqualTo(AuthGuard.Outcome.COUNTED);
        assertThat(guard.recordFailure("10.0.0.3", "alice")).isEqualTo(AuthGuard.Outcome.COUNTED);
        assertThat(guard.recordFailure("10.0.0.4", "alice")).isEqualTo(AuthGuard.Outcome.USER_LOCKED);
        assertThat(guard.isUserLockedOut("alice")).isTrue();
        assertThat(guard.isUserLockedOut("bob")).isFalse();
    }
}
