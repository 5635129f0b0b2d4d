package org.confero.server.sip.focus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTimerPolicyTest {
    private final SessionTimerPolicy policy = new SessionTimerPolicy(1800, 90);

    @Test
    void intervalBelowOurMinSeIsTooSmall() {
        assertThat(policy.decide("60;refresher=uac", null, true)).isEqualTo(new SessionTimerPolicy.Decision.TooSmall(90));
    }

    @Test
    void requestedIntervalIsKeptWhenShorterThanOursAndRaisedToTheirMinSe() {
        assertThat(policy.decide("600", null, true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(600));
        assertThat(policy.decide("3600", null, true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(1800));
        assertThat(policy.decide("100", "120", true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(120));
        assertThat(policy.decide(null, null, true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(1800));
    }

    @Test
    void noTimerWhenTheCallerDoesNotSupportIt() {
        assertThat(policy.decide(null, null, false)).isEqualTo(new SessionTimerPolicy.Decision.None());
        assertThat(policy.decide("1800", null, false)).isEqualTo(new SessionTimerPolicy.Decision.None());
    }

    @Test
    void malformedValuesAreReported() {
        assertThat(policy.decide("soon", null, true)).isInstanceOf(SessionTimerPolicy.Decision.Malformed.class);
        assertThat(policy.decide("1800", "-5", true)).isInstanceOf(SessionTimerPolicy.Decision.Malformed.class);
    }

    @Test
    void byeIsDueOneThirdOrAtMost32SecondsBeforeExpiry() {
        assertThat(new SessionTimerPolicy.Decision.Timer(90).byeAfterMillis()).isEqualTo(60_000);
        assertThat(new SessionTimerPolicy.Decision.Timer(1800).byeAfterMillis()).isEqualTo(1_768_000);
    }
}
