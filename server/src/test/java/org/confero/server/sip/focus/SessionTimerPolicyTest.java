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
        assertThat(policy.decide("600", null, true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(600, false));
        assertThat(policy.decide("3600", null, true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(1800, false));
        assertThat(policy.decide("100", "120", true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(120, false));
        assertThat(policy.decide(null, null, true)).isEqualTo(new SessionTimerPolicy.Decision.Timer(1800, false));
    }

    @Test
    void refresherFollowsTheRfc4028Table() {
        assertThat(policy.decide(null, null, false)).isEqualTo(new SessionTimerPolicy.Decision.None());
        assertThat(policy.decide("1800", null, false)).isEqualTo(new SessionTimerPolicy.Decision.Timer(1800, true));
        assertThat(policy.decide("900;refresher=uas", null, true))
                .isEqualTo(new SessionTimerPolicy.Decision.Timer(900, true));
        assertThat(policy.decide("900;refresher=uac", null, true))
                .isEqualTo(new SessionTimerPolicy.Decision.Timer(900, false));
        assertThat(new SessionTimerPolicy.Decision.Timer(900, true).headerValue()).isEqualTo("900;refresher=uas");
    }

    @Test
    void malformedValuesAreReported() {
        assertThat(policy.decide("soon", null, true)).isInstanceOf(SessionTimerPolicy.Decision.Malformed.class);
        assertThat(policy.decide("1800", "-5", true)).isInstanceOf(SessionTimerPolicy.Decision.Malformed.class);
    }

    @Test
    void byeIsDueOneThirdOrAtMost32SecondsBeforeExpiry() {
        assertThat(new SessionTimerPolicy.Decision.Timer(90, false).byeAfterMillis()).isEqualTo(60_000);
        assertThat(new SessionTimerPolicy.Decision.Timer(1800, false).byeAfterMillis()).isEqualTo(1_768_000);
    }
}
