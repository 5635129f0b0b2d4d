package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingInvitesTest {
    @Test
    void aCancelBeforeTheEndOfTheSetupIsSeenByTheSetup() {
        PendingInvites pending = new PendingInvites();
        assertThat(pending.begin("a")).isTrue();
        assertThat(pending.cancel("a")).isTrue();
        assertThat(pending.cancelled("a")).isTrue();
        assertThat(pending.cancel("a")).as("a retransmitted CANCEL changes nothing").isFalse();
        assertThat(pending.end("a")).isTrue();
        assertThat(pending.end("a")).as("ending twice").isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void aCancelAfterTheEndFindsNothingAndASecondInviteOfTheCallIdIsRefused() {
        PendingInvites pending = new PendingInvites();
        assertThat(pending.begin("a")).isTrue();
        assertThat(pending.begin("a")).isFalse();
        assertThat(pending.end("a")).isFalse();
        assertThat(pending.cancel("a")).isFalse();
        assertThat(pending.cancelled("a")).isFalse();
    }

    @Test
    void aCancelRacingTheEndOfTheSetupWinsExactlyOnce() throws Exception {
        PendingInvites pending = new PendingInvites();
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2_000; i++) {
                String callId = "c" + i;
                pending.begin(callId);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Boolean> cancel = two.submit(() -> {
                    start.await();
                    return pending.cancel(callId);
                });
                Future<Boolean> end = two.submit(() -> {
                    start.await();
                    return pending.end(callId);
                });
                boolean cancelled = cancel.get(5, TimeUnit.SECONDS);
                boolean endSawCancel = end.get(5, TimeUnit.SECONDS);
                // the CANCEL took the call (the setup answers 487) exactly when the setup saw it
                assertThat(endSawCancel).as("call %s", callId).isEqualTo(cancelled);
                pending.end(callId);
            }
            assertThat(pending.size()).isZero();
        } finally {
            two.shutdownNow();
        }
    }
}
