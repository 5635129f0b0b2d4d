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
