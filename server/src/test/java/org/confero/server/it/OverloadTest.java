package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.FfmpegTools;
import org.confero.server.peers.SippRunner;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call setup offered beyond the server's capacity: the excess is refused at once with 503 and Retry-After, the
 * calls admitted still complete at the configured capacity, the mix clock keeps its budget, and no leg is left
 * behind; a flood from one source is banned while another source's calls go on with audio; callers that never
 * acknowledge cannot pile up answered calls. Capacity is set conservatively (100 calls/s, a rate a busy 2-core
 * machine sustains with room to spare) so the outcome does not depend on what else runs on the machine.
 */
class OverloadTest {
    private static final int CAPACITY = 100;
    private static final int SECONDS = 20;
    private static final String FLOODER = "127.0.0.2";
    private static final String SECOND_SOURCE = "127.0.0.3";
    private static final int VICTIM_TONE_HZ = 700;
    private static final int LISTENER_TONE_HZ = 500;
    /** A flood is one ban line and a few sampled refusals; the second source's calls log about 1 KB each. */
    private static final long MAX_LOG_BYTES = 200_000;
    /** What the flood may add to the live heap: its ban, bounded tables and the calls in progress. */
    private static final long MAX_HEAP_GROWTH = 64L << 20;

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

    /**
     * Issue "Overload" must-show 2 and "Secure by default" must-show 4: one source (127.0.0.2, not exempt) floods
     * at ten times the capacity for 20 s while a second (127.0.0.3) places calls that stream a tone, which a phone
     * in the room hears.
     */
    @Test
    void aTenfoldFloodIsBannedWhileAnotherSourcesCallsCompleteWithAudioTheHeapStaysBoundedAndTheLogSmall(
            @TempDir Path dir) throws Exception {
        Path tone = FfmpegTools.muLawTone(dir.resolve("tone.ulaw"), VICTIM_TONE_HZ, 0.5, Duration.ofSeconds(3));
        try (RunningServer running = start(); BaresipPhones phones = new BaresipPhones()) {
            Metrics metrics = running.server().metrics();
            warmUp(running);
            long liveBefore = OverloadFigures.liveHeapBytes();
            int victimCalls = 2 * SECONDS;
            SippRunner.Result victim;
            SippRunner.Result flooded;
            long peakHeap;
            long liveDuring;
            BaresipPhone listener;
            try (LogVolume log = new LogVolume();
                 SippRunner.Running flood = caller(running, FLOODER, 10 * CAPACITY, 10 * CAPACITY * SECONDS, 0)
                         .args("-max_invite_retrans", "0").start();
                 SippRunner.Running calls = SippRunner.resourceScenario("peers/uac-tone.xml",
                         Map.of("tone_file", tone.toString())).localAddress(SECOND_SOURCE).target(running.sipPort())
                         .args("-s", "demo", "-r", "2", "-m", Integer.toString(victimCalls), "-d", "2000")
                         .timeout(Duration.ofSeconds(SECONDS + 25)).start();
                 OverloadFigures.HeapPeak heap = new OverloadFigures.HeapPeak()) {
                listener = phones.add(BaresipPhone.builder("listener").tone(LISTENER_TONE_HZ).codecs(PhoneCodec.PCMU));
                Thread.sleep(3_000); // the flood is on and the flooder banned before the phone calls
                listener.dial(running.roomUri("demo"));
                listener.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
                Thread.sleep(8_000);
                liveDuring = OverloadFigures.liveHeapBytes(); // mid-flood: the ban table, transactions, legs
                listener.hangup();
                listener.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
                victim = calls.awaitResult();
                flooded = flood.awaitResult();
                peakHeap = heap.peakBytes();
                report(log, flooded, victim, metrics, liveBefore, liveDuring, peakHeap);
                assertThat(log.linesContaining("banning " + FLOODER)).as("the ban is logged, once").hasSize(1);
                assertThat(log.bytes()).as("log written during the flood").isLessThan(MAX_LOG_BYTES);
            }
            long liveAfter = OverloadFigures.liveHeapBytes();
            System.out.printf("overload 10x: live heap after the flood %d MB%n", liveAfter >> 20);

            assertThat(running.server().sip().guards().sources().isBanned(FLOODER)).as("the flooder is banned").isTrue();
            assertThat(metrics.counterValue("confero_guard_bans_total")).isEqualTo(1);
            assertThat(metrics.counterValue("confero_guard_banned_dropped_total"))
                    .as("the flood's INVITEs dropped at the door").isGreaterThan(10L * CAPACITY * SECONDS / 2);
            assertThat(running.server().sip().guards().sources().isBanned(SECOND_SOURCE)).isFalse();
            assertThat(OverloadFigures.byesSent(victim)).as("the second source's calls; SIPp:%n%s",
                    victim.outputTail()).isEqualTo(victimCalls);
            assertThat(victim.failedCalls()).isZero();
            double heard = ToneAnalysis.levelDbfs(ToneAnalysis.steadyPart(Wav.read(listener.recordingOfWhatItHeard()),
                    Duration.ofMillis(1500), Duration.ofMillis(300)), 8000, VICTIM_TONE_HZ);
            System.out.printf("overload 10x: the phone in the room hears the second source's tone at %.1f dBFS%n",
                    heard);
            assertThat(heard).as("the second source's calls carry audio").isGreaterThan(-20);
            assertThat(liveDuring).as("live heap during the flood (cap: %d MB over the %d MB before)",
                    MAX_HEAP_GROWTH >> 20, liveBefore >> 20).isLessThan(liveBefore + MAX_HEAP_GROWTH);
            assertThat(liveAfter).as("live heap after the flood").isLessThan(liveBefore + MAX_HEAP_GROWTH);
            assertThat(Await.until(() -> running.server().media().openLegCount() == 0, Duration.ofSeconds(10)))
                    .as("no leg left after the flood").isTrue();
        }
    }

    /**
     * Callers that never acknowledge their 200, at five times the capacity for 10 s, from an exempt source (so
     * admission control, not the guard, meets them): the answered calls awaiting an ACK stop at about two seconds
     * of capacity (sip.max-unconfirmed-calls), the rest get 503 with Retry-After, a light caller still gets in,
     * and every unacknowledged leg is gone when its INVITE transaction times out.
     */
    @Test
    void callersThatNeverAcknowledgeHoldAtMostTwoSecondsOfCapacityAndLeaveNoLeg() throws Exception {
        try (RunningServer running = start()) {
            Metrics metrics = running.server().metrics();
            warmUp(running);
            int bound = 2 * CAPACITY;
            int peak = 0;
            SippRunner.Result noAck;
            SippRunner.Result light;
            try (SippRunner.Running load = SippRunner.resourceScenario("sipp/overload-no-ack.xml")
                         .target(running.sipPort()).args("-s", "demo", "-mi", "127.0.0.1", "-r",
                                 Integer.toString(5 * CAPACITY), "-m", Integer.toString(5 * CAPACITY * 10))
                         .timeout(Duration.ofSeconds(40)).start();
                 SippRunner.Running lightCalls = caller(running, SECOND_SOURCE, 2, 20, 200).start()) {
                long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while (load.isRunning() && System.nanoTime() < end) {
                    peak = Math.max(peak, (int) OverloadFigures.gauge(metrics, "confero_audio_legs_unconfirmed"));
                    Thread.sleep(100);
                }
                noAck = load.awaitResult();
                light = lightCalls.awaitResult();
            }
            long refused = metrics.counterValue("sip_invites_refused_unconfirmed_total");
            long drainStart = System.nanoTime();
            boolean drained = Await.until(() -> running.server().media().openLegCount() == 0, Duration.ofSeconds(45));
            System.out.printf("overload no ACK: %d calls/s offered for 10 s, never acknowledged: %d answered, %d"
                    + " refused with 503 (%d for the unconfirmed backlog); legs awaiting their ACK peaked at %d"
                    + " (bound %d); a light caller completed %d of 20; legs gone %.1f s after the load%n",
                    5 * CAPACITY, OverloadFigures.answered(noAck), OverloadFigures.refusals(noAck), refused, peak,
                    bound, OverloadFigures.byesSent(light), (System.nanoTime() - drainStart) / 1e9);

            assertThat(peak).as("answered calls awaiting their ACK").isGreaterThan(bound / 2)
                    .isLessThanOrEqualTo(2 * bound);
            assertThat(refused).as("refused for the backlog").isGreaterThan(0);
            assertThat(OverloadFigures.byesSent(light)).as("a light caller still gets in; SIPp:%n%s",
                    light.outputTail()).isEqualTo(20);
            assertThat(drained).as("every unacknowledged leg removed by its transaction's timeout").isTrue();
            assertThat(metrics.render()).contains("confero_audio_legs_unconfirmed 0");
        }
    }

    private static void report(LogVolume log, SippRunner.Result flooded, SippRunner.Result victim, Metrics metrics,
            long liveBefore, long liveDuring, long peakHeap) {
        System.out.printf("overload 10x: %s flooded at %d calls/s for %d s (%d INVITEs sent, %d answered, %d"
                + " refused with 503; %d requests dropped as banned, %d bans); %s placed %d calls with a tone: %d"
                + " completed, %d refused; log during the flood: %d lines, %d bytes (%d lines about the ban); heap:"
                + " live %d MB before, %d MB during the flood, peak used %d MB%n", FLOODER, 10 * CAPACITY, SECONDS,
                OverloadFigures.invitesSent(flooded), OverloadFigures.answered(flooded),
                OverloadFigures.refusals(flooded), metrics.counterValue("confero_guard_banned_dropped_total"),
                metrics.counterValue("confero_guard_bans_total"), SECOND_SOURCE, 2 * SECONDS,
                OverloadFigures.byesSent(victim), OverloadFigures.refusals(victim), log.lines(), log.bytes(),
                log.linesContaining(FLOODER).size(), liveBefore >> 20, liveDuring >> 20, peakHeap >> 20);
    }

    private static RunningServer start() {
        // 127.0.0.1 (warm-up, the 2x load, the callers that never ACK) is exempt from the per-source guard, so
        // admission control is what meets it; the flooder and the second source are not exempt.
        return RunningServer.start(Map.of("CONFERO_SIP_MAX_CALL_SETUP_RATE", Integer.toString(CAPACITY),
                "CONFERO_ROOM_DEMO_MAX_PARTICIPANTS", "10000", "CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1"));
    }

    /** Lets the JIT compile the call path before anything is measured. */
    private static void warmUp(RunningServer running) {
        caller(running, CAPACITY / 2, CAPACITY, 0).run();
    }

    private static SippRunner caller(RunningServer running, int rate, int calls, int holdMillis) {
        return caller(running, "127.0.0.1", rate, calls, holdMillis);
    }

    private static SippRunner caller(RunningServer running, String address, int rate, int calls, int holdMillis) {
        return SippRunner.resourceScenario("sipp/overload-call.xml").localAddress(address).target(running.sipPort())
                .args("-s", "demo", "-mi", address, "-r", Integer.toString(rate), "-m", Integer.toString(calls),
                        "-d", Integer.toString(holdMillis), "-l", "5000")
                .timeout(Duration.ofSeconds(calls / rate + 25));
    }
}
