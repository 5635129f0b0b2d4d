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
    void successClearsTheFailures() {
        AuthGuard guard = new AuthGuard(2, 60_000, 300_000, Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));
        guard.recordFailure("10.0.0.1");
        guard.recordSuccess("10.0.0.1");
        assertThat(guard.recordFailure("10.0.0.1")).isFalse();
        assertThat(guard.isLockedOut("10.0.0.1")).isFalse();
    }
}
