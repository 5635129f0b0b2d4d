package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;

/**
 * Call setup offered beyond the server's capacity: the excess is refused at once with 503 and Retry-After, the
 * calls admitted still complete at the configured capacity, the mix clock keeps its budget, and no leg is left
 * behind. Capacity is set conservatively (100 calls/s, a rate a busy 2-core machine sustains with room to
 * spare) so the outcome does not depend on what else runs on the machine.
 */
class OverloadTest {
    private static final int CAPACITY = 100;
    private static final int SECONDS = 20;

    @Test
    void twiceTheCapacityIsRefusedWith503WhileGoodputHoldsAndNoLegOutlivesTheLoad() throws Exception {
        try (RunningServer running = start()) {
            Metrics metrics = running.server().metrics();
            warmUp(running);
            double ticks = OverloadFigures.gauge(metrics, "confero_mix_ticks");
            double overruns = OverloadFigures.gauge(metrics, "confero_mix_overruns");
            int offered = 2 * CAPACITY * SECONDS;
            long started = System.nanoTime();
            // Each admitted call holds for a second, so ~100 legs keep the room ticking throughout.
            SippRunner.Result load = caller(running, 2 * CAPACITY, offered, 1000).run();
            double seconds = (System.nanoTime() - started) / 1e9;
            long loadEnded = System.nanoTime();
            boolean drained = Await.until(() -> running.server().media().openLegCount() == 0, Duration.ofSeconds(10));
            double drainSeconds = (System.nanoTime() - loadEnded) / 1e9;
            double tickDelta = OverloadFigures.gauge(metrics, "confero_mix_ticks") - ticks;
            double overrunDelta = OverloadFigures.gauge(metrics, "confero_mix_overruns") - overruns;
            int completed = OverloadFigures.byesSent(load);
            int refused = OverloadFigures.refusals(load);
            double goodput = completed / (double) SECONDS;
            System.out.printf("overload 2x: capacity %d calls/s, offered %d calls/s for %d s (%.1f s); goodput %.1f"
                    + " calls/s (%d calls), %d refused with 503, %d failed; mix overruns %.0f of %.0f ticks; legs"
                    + " open 0 after %.1f s%n", CAPACITY, 2 * CAPACITY, SECONDS, seconds, goodput, completed, refused,
                    load.failedCalls(), overrunDelta, tickDelta, drainSeconds);

            assertThat(goodput).as("goodput; SIPp:%n%s", load.outputTail()).isGreaterThanOrEqualTo(0.9 * CAPACITY);
            assertThat(refused).as("calls refused with 503 + Retry-After").isGreaterThan(offered / 4);
            assertThat(load.failedCalls()).as("calls that failed otherwise (a 503 without Retry-After fails)")
                    .isLessThanOrEqualTo(offered / 100);
            assertThat(metrics.counterValue("sip_invites_refused_overload_total")).isGreaterThanOrEqualTo(refused);
            assertThat(tickDelta).as("the room ticked throughout").isGreaterThan(SECONDS * 40);
            assertThat(overrunDelta).as("mix overruns").isLessThan(tickDelta / 100);
            assertThat(drained).as("confero_audio_legs_open back to 0 within 10 s").isTrue();
        }
    }

    @Test
    void aFloodFromOneSourceDoesNotKeepAnotherCallerOut() throws Exception {
        try (RunningServer running = start()) {
            warmUp(running);
            int victimCalls = 5 * SECONDS;
            try (SippRunner.Running flood = caller(running, 10 * CAPACITY, 10 * CAPACITY * SECONDS, 0).start()) {
                SippRunner.Result victim = caller(running, 5, victimCalls, 200).run();
                SippRunner.Result flooded = flood.awaitResult();
                int floodGoodput = OverloadFigures.byesSent(flooded) / SECONDS;
                Metrics metrics = running.server().metrics();
                System.out.printf("overload 10x: flood offered %d calls/s: goodput %d calls/s, %d refused with 503"
                        + " (%d for the mix clock's budget); the other caller at 5 calls/s: %d of %d completed, %d"
                        + " refused%n", 10 * CAPACITY, floodGoodput, OverloadFigures.refusals(flooded),
                        metrics.counterValue("sip_invites_refused_media_total"), OverloadFigures.byesSent(victim),
                        victimCalls, OverloadFigures.refusals(victim));

                assertThat(OverloadFigures.byesSent(victim)).as("the other caller's calls; SIPp:%n%s",
                        victim.outputTail()).isEqualTo(victimCalls);
                assertThat(OverloadFigures.refusals(victim)).isZero();
                assertThat(OverloadFigures.refusals(flooded)).as("the flood is refused").isGreaterThan(0);
                // At 10x on two cores the refusals themselves cost CPU and the mix clock's guard takes a share;
                // what must hold is that call setup does not collapse.
                assertThat(floodGoodput).as("the flood still gets calls through: no collapse")
                        .isGreaterThanOrEqualTo(CAPACITY / 2);
            }
            assertThat(Await.until(() -> running.server().media().openLegCount() == 0, Duration.ofSeconds(10)))
                    .as("no leg left after the flood").isTrue();
        }
    }

    private static RunningServer start() {
        // every SIPp here sends from 127.0.0.1: exempt from the per-source guard, so admission control is tested
        return RunningServer.start(Map.of("CONFERO_SIP_MAX_CALL_SETUP_RATE", Integer.toString(CAPACITY),
                "CONFERO_ROOM_DEMO_MAX_PARTICIPANTS", "10000", "CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1"));
    }

    /** Lets the JIT compile the call path before anything is measured. */
    private static void warmUp(RunningServer running) {
        caller(running, CAPACITY / 2, CAPACITY, 0).run();
    }

    private static SippRunner caller(RunningServer running, int rate, int calls, int holdMillis) {
        return SippRunner.resourceScenario("sipp/overload-call.xml").target(running.sipPort())
                .args("-s", "demo", "-mi", "127.0.0.1", "-r", Integer.toString(rate), "-m", Integer.toString(calls),
                        "-d", Integer.toString(holdMillis), "-l", "5000")
                .timeout(Duration.ofSeconds(calls / rate + 25));
    }
}
