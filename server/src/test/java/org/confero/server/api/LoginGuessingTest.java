package org.confero.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.confero.server.it.RunningServer;
import org.junit.jupiter.api.Test;

/** Password guessing at POST /api/login against the real server: the account locks, the address is slowed. */
class LoginGuessingTest {
    @Test
    void guessingLocksTheAccountEvenForTheRightPasswordAndSlowsTheAddress() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            String base = "http://127.0.0.1:" + server.httpPort();
            server.server().hostAccounts().add("dana", "quartz-lamp-71");
            ApiClient guesser = new ApiClient(base);
            long startNanos = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                ApiClient.Reply wrong = guesser.login("dana", "guess-number-" + i);
                assertThat(wrong.status()).isEqualTo(401);
                assertThat(wrong.error()).isEqualTo("login-failed");
            }
            ApiClient.Reply locked = guesser.login("dana", "quartz-lamp-71");
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.error()).isEqualTo("login-throttled");
            assertThat(locked.json().get("message").asText()).contains("account");
            assertThat(locked.raw().headers().firstValue("retry-after")).contains("900");
            assertThat(guesser.get("/api/me").status()).as("no session was given").isEqualTo(401);

            // The address's burst is 10 attempts (6 used above), then one per 6 s whatever the name: count how many
            // more get through before the first refusal; the refill while this runs allows a few more.
            int passed = 0;
            ApiClient.Reply slowed = null;
            for (int i = 0; i < 30 && slowed == null; i++) {
                ApiClient.Reply reply = guesser.login("user" + i, "guess-" + i);
                if (reply.status() == 429) {
                    slowed = reply;
                } else {
                    assertThat(reply.status()).isEqualTo(401);
                    passed++;
                }
            }
            long elapsedSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
            assertThat(slowed).as("slowed within 30 attempts").isNotNull();
            assertThat(passed).as("attempts after the lock, in %d s", elapsedSeconds)
                    .isBetween(4, 4 + (int) (elapsedSeconds / 6) + 1);
            assertThat(slowed.json().get("message").asText()).contains("slow down");
            assertThat(slowed.raw().headers().firstValue("retry-after")).contains("6");
            assertThat(server.server().metrics().render()).contains("confero_login_failures_total " + (5 + passed),
                    "confero_login_locked_total 1", "confero_login_rate_limited_total 1");
        }
    }
}
