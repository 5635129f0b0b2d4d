package org.confero.server.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IceGenerationsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aCompletedRestartMakesTheNewAgentActiveAndHandsBackTheOldOne() {
        IceGenerations<String> g = new IceGenerations<>("first", 3, 60 * SECOND);
        assertThat(g.newest()).isEqualTo("first");
        assertThat(g.begin("second", 0)).isEqualTo(new IceGenerations.Begin.Started<String>(java.util.Optional.empty()));
        assertThat(g.restarting()).isTrue();
        assertThat(g.active()).as("media stays on the old pair meanwhile").isEqualTo("first");
        assertThat(g.newest()).as("the answer carries the new credentials").isEqualTo("second");
        assertThat(g.all()).containsExactly("first", "second");

        assertThat(g.complete("second")).contains("first");
        assertThat(g.active()).isEqualTo("second");
        assertThat(g.restarting()).isFalse();
        assertThat(g.all()).containsExactly("second");
        assertThat(g.complete("second")).as("a second COMPLETED event changes nothing").isEmpty();
    }

    @Test
    void aRestartOfARestartSupersedesThePendingAgentWhoseLateEventsAreIgnored() {
        IceGenerations<String> g = new IceGenerations<>("first", 3, 60 * SECOND);
        g.begin("second", 0);
        assertThat(g.begin("third", SECOND))
                .isEqualTo(new IceGenerations.Begin.Started<>(java.util.Optional.of("second")));
        assertThat(g.complete("second")).isEmpty();
        assertThat(g.abandon("second")).isFalse();
        assertThat(g.active()).isEqualTo("first");
        assertThat(g.complete("third")).contains("first");
        assertThat(g.restarts()).isEqualTo(2);
    }

    @Test
    void aFailedOrAbandonedRestartLeavesTheOldAgentActive() {
        IceGenerations<String> g = new IceGenerations<>("first", 3, 60 * SECOND);
        g.begin("second", 0);
        assertThat(g.abandon("second")).isTrue();
        assertThat(g.restarting()).isFalse();
        assertThat(g.newest()).isEqualTo("first");
        assertThat(g.abandon("first")).as("only a pending agent can be abandoned").isFalse();
    }

    @Test
    void aRestartThatFindsNoPairInTimeExpires() {
        IceGenerations<String> g = new IceGenerations<>("first", 3, 60 * SECOND);
        g.begin("second", 10 * SECOND);
        assertThat(g.expire(39 * SECOND, 30 * SECOND)).isEmpty();
        assertThat(g.expire(41 * SECOND, 30 * SECOND)).contains("second");
        assertThat(g.restarting()).isFalse();
        assertThat(g.active()).isEqualTo("first");
        assertThat(g.expire(100 * SECOND, 30 * SECOND)).isEmpty();
    }

    @Test
    void restartsBeyondTheLimitWithinTheWindowAreRefusedAndAllowedAgainOnceItPassed() {
        IceGenerations<String> g = new IceGenerations<>("a0", 3, 60 * SECOND);
        assertThat(g.begin("a1", 0)).isInstanceOf(IceGenerations.Begin.Started.class);
        assertThat(g.begin("a2", 10 * SECOND)).isInstanceOf(IceGenerations.Begin.Started.class);
        assertThat(g.begin("a3", 20 * SECOND)).isInstanceOf(IceGenerations.Begin.Started.class);
        assertThat(g.begin("a4", 59 * SECOND)).isInstanceOf(IceGenerations.Begin.RateLimited.class);
        assertThat(g.newest()).as("a refused restart leaves the pending one").isEqualTo("a3");
        assertThat(g.restarts()).isEqualTo(3);
        // the first restart left the window: one more is allowed, the next not yet
        assertThat(g.begin("a5", 61 * SECOND)).isInstanceOf(IceGenerations.Begin.Started.class);
        assertThat(g.begin("a6", 62 * SECOND)).isInstanceOf(IceGenerations.Begin.RateLimited.class);
        assertThat(g.begin("a7", 71 * SECOND)).isInstanceOf(IceGenerations.Begin.Started.class);
    }
}
