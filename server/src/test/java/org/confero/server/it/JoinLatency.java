package org.confero.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;

/**
 * Join latency as a person sees it: from the room page's navigation start to the first remote audio packet the
 * browser receives. A phone in the room provides the audio; Chromium loads {@code /r/demo}, joins and is measured,
 * {@code joins} times (default 10), each with a new browser. Prints every join and the median.
 *
 * <pre>mvn -B -pl server -am -Pbench test-compile exec:exec -Dbench.main=org.confero.server.it.JoinLatency -Dbench.args=10</pre>
 */
public final class JoinLatency {
    private JoinLatency() {}

    public static void main(String[] args) throws Exception {
        int joins = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (joins < 1 || joins > 100) {
            throw new IllegalArgumentException("joins must be 1-100");
        }
        List<Long> millis = new ArrayList<>();
        try (RunningServer server = RunningServer.start(Map.of());
             BaresipPhone phone = BaresipPhone.builder("latency-tone").tone(800).codecs(PhoneCodec.PCMU).start()) {
            phone.dial(server.roomUri("demo"));
            phone.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            String base = "http://127.0.0.1:" + server.httpPort();
            for (int i = 1; i <= joins; i++) {
                try (ChromiumPage page = ChromiumPage.start()) {
                    page.join(base, "demo", "Latency " + i);
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    Object atFirstPacket = null;
                    while (System.nanoTime() < deadline) {
                        atFirstPacket = page.asyncScript("const pc = window.confero.pc; if (!pc) return -1;"
                                + "const stats = await pc.getStats(); let n = 0;"
                                + "stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio')"
                                + " n = s.packetsReceived || 0; });"
                                + "return n > 0 ? performance.now() : -1;");
                        if (((Number) atFirstPacket).doubleValue() >= 0) {
                            break;
                        }
                        Thread.sleep(10);
                    }
                    long ms = Math.round(((Number) atFirstPacket).doubleValue());
                    if (ms < 0) {
                        throw new IllegalStateException("join " + i + ": no audio within 10 s");
                    }
                    millis.add(ms);
                    System.out.printf("join %2d: first remote audio packet %4d ms after page load%n", i, ms);
                }
            }
            phone.hangup();
        }
        Collections.sort(millis);
        long median = millis.size() % 2 == 1 ? millis.get(millis.size() / 2)
                : (millis.get(millis.size() / 2 - 1) + millis.get(millis.size() / 2)) / 2;
        System.out.printf("join latency over %d joins: median %d ms, min %d ms, max %d ms (target <= 1000 ms)%n",
                millis.size(), median, millis.get(0), millis.get(millis.size() - 1));
    }
}
