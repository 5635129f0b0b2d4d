package org.confero.server.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void freshNonceIsAcceptedOncePerCountAndGoesStaleAfterItsLifetime() {
        MovingClock clock = new MovingClock();
        NonceService nonces = new NonceService(60, clock);
        String nonce = nonces.issue("192.0.2.1");
        assertThat(nonces.check(nonce, "00000001", "192.0.2.1")).isEqualTo(NonceService.Check.FRESH);
        assertThat(nonces.check(nonce, "00000001", "192.0.2.1")).isEqualTo(NonceService.Check.REPLAYED);
        assertThat(nonces.check(nonce, "00000002", "192.0.2.1")).isEqualTo(NonceService.Check.FRESH);
        clock.now += Duration.ofSeconds(61).toMillis();
        assertThat(nonces.check(nonce, "00000003", "192.0.2.1")).isEqualTo(NonceService.Check.STALE);
    }

    @Test
    void aFullTableGivesUpItsOlderHalfAsStaleInsteadOfRefusingNewNonces() {
        MovingClock clock = new MovingClock();
        NonceService nonces = new NonceService(300, clock, 4);
        String[] used = new String[4];
        for (int i = 0; i < used.length; i++) {
            used[i] = nonces.issue("192.0.2.1");
            assertThat(nonces.check(used[i], "00000001", "192.0.2.1")).isEqualTo(NonceService.Check.FRESH);
            clock.now += 1_000;
        }
        String next = nonces.issue("192.0.2.1");
        assertThat(nonces.check(next, "00000001", "192.0.2.1")).as("a new nonce on a full table")
                .isEqualTo(NonceService.Check.FRESH);
        assertThat(nonces.check(used[0], "00000001", "192.0.2.1")).as("an untracked nonce is not replayable")
                .isEqualTo(NonceService.Check.STALE);
        assertThat(nonces.check(used[0], "00000002", "192.0.2.1")).isEqualTo(NonceService.Check.STALE);
        assertThat(nonces.check(used[3], "00000001", "192.0.2.1")).as("the newer half is still tracked")
                .isEqualTo(NonceService.Check.REPLAYED);
        assertThat(nonces.check(next, "00000001", "192.0.2.1")).isEqualTo(NonceService.Check.REPLAYED);
    }

    @Test
    void forgedOrForeignNoncesAreUnknown() {
        NonceService ours = new NonceService(60, at(1_000));
        NonceService theirs = new NonceService(60, at(1_000));
        assertThat(ours.check(theirs.issue("192.0.2.1"), null, "192.0.2.1")).isEqualTo(NonceService.Check.UNKNOWN);
        assertThat(ours.check("not-base64!!", null, "192.0.2.1")).isEqualTo(NonceService.Check.UNKNOWN);
        assertThat(ours.check("", null, "192.0.2.1")).isEqualTo(NonceService.Check.UNKNOWN);
        assertThat(ours.check(ours.issue("192.0.2.1"), "zz", "192.0.2.1")).isEqualTo(NonceService.Check.UNKNOWN);
        // RFC 7616 §5.5: a nonce issued to one address is not valid from another.
        assertThat(ours.check(ours.issue("192.0.2.1"), "00000001", "192.0.2.66"))
                .isEqualTo(NonceService.Check.UNKNOWN);
    }

    private static final class MovingClock extends Clock {
        long now = 1_000_000;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }
    }
}
