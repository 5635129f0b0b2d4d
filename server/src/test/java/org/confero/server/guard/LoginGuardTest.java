package org.confero.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.confero.server.metrics.Metrics;
import org.confero.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LoginGuardTest {
    private final MutableClock clock = MutableClock.at(Instant.ofEpochMilli(1_000_000));
    private final Metrics metrics = new Metrics();
    private final LoginGuard guard = new LoginGuard(metrics, clock);

    @Test
    void fiveFailuresLockTheAccountFromEveryAddressForFifteenMinutes() {
        for (int i = 0; i < LoginGuard.ACCOUNT_FAILURES; i++) {
            assertThat(guard.attempt("10.0.0." + i, "ana").allowed()).isTrue();
            guard.failed("10.0.0." + i, "ana");
        }
        LoginGuard.Verdict locked = guard.attempt("10.9.9.9", "ana");
        assertThat(locked.allowed()).isFalse();
        assertThat(locked.reason()).contains("account");
        assertThat(locked.retryAfterSeconds()).isEqualTo(15 * 60);
        assertThat(guard.attempt("10.9.9.9", "ben").allowed()).as("other accounts are not locked").isTrue();
        clock.advance(Duration.ofMillis(15 * 60_000 - 1));
        assertThat(guard.attempt("10.9.9.9", "ana").allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(guard.attempt("10.9.9.9", "ana").allowed()).isTrue();
        assertThat(metrics.counterValue("confero_login_locked_total")).isEqualTo(2);
    }

    @Test
    void oneAddressIsSlowedAfterItsBurstAndLockedAfterTwentyFailures() {
        for (int i = 0; i < LoginGuard.SOURCE_BURST; i++) {
            assertThat(guard.attempt("10.1.1.1", "user" + i).allowed()).isTrue();
        }
        LoginGuard.Verdict slowed = guard.attempt("10.1.1.1", "user-next");
        assertThat(slowed.allowed()).isFalse();
        assertThat(slowed.retryAfterSeconds()).isEqualTo(LoginGuard.SOURCE_REFILL_SECONDS);
        assertThat(guard.attempt("10.2.2.2", "user-next").allowed()).as("another address").isTrue();

        for (int i = 0; i < LoginGuard.SOURCE_FAILURES; i++) {
            clock.advance(Duration.ofSeconds(LoginGuard.SOURCE_REFILL_SECONDS));
            assertThat(guard.attempt("10.1.1.1", "name" + i).allowed()).isTrue();
            guard.failed("10.1.1.1", "name" + i);
        }
        clock.advance(Duration.ofSeconds(LoginGuard.SOURCE_REFILL_SECONDS));
        LoginGuard.Verdict locked = guard.attempt("10.1.1.1", "fresh-name");
        assertThat(locked.allowed()).isFalse();
        assertThat(locked.reason()).contains("address");
    }

    @Test
    void aCorrectPasswordClearsTheAccountsFailures() {
        for (int i = 0; i < LoginGuard.ACCOUNT_FAILURES - 1; i++) {
            guard.attempt("10.0.0.1", "ana");
            guard.failed("10.0.0.1", "ana");
        }
        guard.succeeded("ana");
        guard.attempt("10.0.0.1", "ana");
        guard.failed("10.0.0.1", "ana");
        assertThat(guard.attempt("10.0.0.1", "ana").allowed()).isTrue();
    }
}
