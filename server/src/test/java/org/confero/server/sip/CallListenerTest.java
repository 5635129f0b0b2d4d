package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.confero.server.conference.LegListener;
import org.confero.server.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** Digits reach the PIN lobby off the RTP receive thread, in order, and a slow lobby never holds that thread up. */
class CallListenerTest {
    @Test
    void digitWorkRunsOnTheSignallingExecutorInOrderAndNeverBlocksTheRtpThread() throws Exception {
        ExecutorService signalling = Executors.newSingleThreadExecutor(r -> new Thread(r, "signalling-test"));
        CountDownLatch lobbyBusy = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        LegListener lobby = new LegListener() {
            @Override
            public void onDtmf(char digit) {
                seen.add(digit + "@" + Thread.currentThread().getName());
                if (digit == '1') {
                    try {
                        lobbyBusy.await(5, TimeUnit.SECONDS); // a hang-up's BYE or a roster broadcast taking its time
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Metrics metrics = new Metrics();
        CallListener listener = new CallListener(lobby, null, null, signalling, metrics); // no call: digits only
        try {
            long start = System.nanoTime();
            for (char d : "1234".toCharArray()) {
                listener.onDtmf(d); // the RTP thread
            }
            for (int i = 0; i < 100; i++) {
                listener.onDtmf('9'); // a flood of digits while the lobby is busy
            }
            long micros = (System.nanoTime() - start) / 1000;
            assertThat(micros).as("the RTP thread never waited for the lobby").isLessThan(200_000);
            lobbyBusy.countDown();
            signalling.shutdown();
            assertThat(signalling.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.subList(0, 4)).containsExactly("1@signalling-test", "2@signalling-test",
                    "3@signalling-test", "4@signalling-test");
            assertThat(seen).hasSize(CallListener.MAX_PENDING_DIGITS);
            assertThat(metrics.counterValue("sip_dtmf_dropped_total")).isEqualTo(104 - CallListener.MAX_PENDING_DIGITS);
        } finally {
            signalling.shutdownNow();
        }
    }
}
