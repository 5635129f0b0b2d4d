package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.SippRunner;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * SIPp floods the demo room with INVITEs from 127.0.0.2 (1,000 calls/s, at most 10 s): the flooder is banned
 * within its first second, two phones on 127.0.0.1 call the room meanwhile and hear each other, and the log
 * stays a handful of lines.
 */
class InviteFloodTest {
    @Test
    void aFlooderIsBannedWhileAnotherAddresssCallsCompleteWithAudio() throws Exception {
        AtomicInteger logLines = new AtomicInteger();
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logLines.incrementAndGet();
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_SIP_RTP_TIMEOUT", "5"));
             BaresipPhones phones = new BaresipPhones()) {
            Metrics metrics = server.server().metrics();
            counter.start();
            root.addAppender(counter);
            long requestsBefore = metrics.counterValue("sip_requests_total");
            long start = System.nanoTime();
            SippRunner.Running flood;
            try {
                flood = SippRunner.builtin("uac").localAddress("127.0.0.2").target(server.sipPort())
                        .timeout(Duration.ofSeconds(10))
                        .args("-s", "demo", "-r", "1000", "-m", "10000", "-l", "3000", "-d", "1000").start();
                Thread.sleep(1500); // the flood is on

                BaresipPhone a = phones.add(BaresipPhone.builder("flood-a").tone(500).codecs(PhoneCodec.PCMU));
                BaresipPhone b = phones.add(BaresipPhone.builder("flood-b").tone(900).codecs(PhoneCodec.PCMU));
                for (BaresipPhone p : phones.all()) {
                    p.dial(server.roomUri("demo"));
                    p.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
                }
                Thread.sleep(4000);
                for (BaresipPhone p : phones.all()) {
                    p.hangup();
                    p.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
                }
                flood.awaitResult(Duration.ofSeconds(15));
            } finally {
                root.detachAppender(counter);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long requests = metrics.counterValue("sip_requests_total") - requestsBefore;
            long dropped = metrics.counterValue("confero_guard_banned_dropped_total")
                    + metrics.counterValue("confero_guard_rate_limited_total");
            System.out.printf("INVITE flood: %d SIP requests reached the stack in %.1f s (%.0f/s), %d dropped by the "
                    + "guard, %d bans, %d calls started, %d log lines during the flood%n", requests, seconds,
                    requests / seconds, dropped, metrics.counterValue("confero_guard_bans_total"),
                    metrics.counterValue("sip_calls_started_total"), logLines.get());
            assertThat(server.server().sip().guards().sources().isBanned("127.0.0.2")).as("the flooder is banned")
                    .isTrue();
            assertThat(server.server().sip().guards().sources().isBanned("127.0.0.1")).isFalse();
            assertThat(dropped).as("the flood was dropped at the door").isGreaterThan(requests / 2);
            assertThat(logLines.get()).as("log lines during the flood").isLessThan(300);
            BaresipPhone a = phones.all().get(0);
            BaresipPhone b = phones.all().get(1);
            assertThat(ToneAnalysis.levelDbfs(heard(a), 8000, 900)).as("A hears B").isGreaterThan(-20);
            assertThat(ToneAnalysis.levelDbfs(heard(b), 8000, 500)).as("B hears A").isGreaterThan(-20);
        }
    }

    private static double[] heard(BaresipPhone p) {
        return ToneAnalysis.steadyPart(Wav.read(p.recordingOfWhatItHeard()), Duration.ofMillis(1500),
                Duration.ofMillis(300));
    }
}
