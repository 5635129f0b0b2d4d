package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One room spread over two real Confero nodes on loopback: node A is the room's home, node B holds a share of it
 * ({@code room.big.cascade-home = a} on both). Two baresip phones on each node, four distinct tones: every phone
 * hears the three others and not itself, across the cascade link, and the hop's added latency is measured on the
 * mixers' own output (one JVM, one clock).
 */
class CascadedRoomTest {
    private static final String SECRET = "cascade-test-secret-0123456789";
    private static final String ROOM = "big";
    private static final Duration CALL_SETUP = Duration.ofSeconds(10);
    private static RunningServer a;
    private static RunningServer b;
    private static int httpA;

    @BeforeAll
    static void startNodes() {
        httpA = FreePorts.tcp();
        int httpB = FreePorts.tcp();
        String peers = "a=http://127.0.0.1:" + httpA + ",b=http://127.0.0.1:" + httpB;
        a = RunningServer.start(node("a", peers), List.of("--http-port", Integer.toString(httpA)));
        b = RunningServer.start(node("b", peers), List.of("--http-port", Integer.toString(httpB)));
    }

    private static Map<String, String> node(String id, String peers) {
        return Map.of("CONFERO_CLUSTER_CASCADE_NODE_ID", id, "CONFERO_CLUSTER_CASCADE_SECRET", SECRET,
                "CONFERO_CLUSTER_CASCADE_PEERS", peers, "CONFERO_ROOM_BIG_NAME", "Big room",
                "CONFERO_ROOM_BIG_CASCADE_HOME", "a");
    }

    @AfterAll
    static void stopNodes() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void fourPhonesOnTwoNodesHearTheThreeOthersAndNotThemselves() throws Exception {
        int a1 = 1450;
        int a2 = 900;
        int b1 = 2150;
        int b2 = 2550;
        try (BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone phoneB1 = phones.add(BaresipPhone.builder("b1").tone(b1).codecs(PhoneCodec.PCMU));
            dial(phoneB1, b);
            assertThat(Await.until(() -> a.server().media().participantCount(ROOM) == 1, Duration.ofSeconds(10)))
                    .as("node B linked into the room on its home node A as soon as its first phone joined").isTrue();
            BaresipPhone phoneA2 = phones.add(BaresipPhone.builder("a2").tone(a2).codecs(PhoneCodec.PCMU));
            dial(phoneA2, a);
            MixOnsets mixA = new MixOnsets(1000);
            MixOnsets mixB = new MixOnsets(1000);
            assertThat(a.server().media().tapMix(ROOM, mixA)).isTrue();
            assertThat(b.server().media().tapMix(ROOM, mixB)).isTrue();
            Thread.sleep(1000); // the mixes before a1's tone starts
            BaresipPhone phoneA1 = phones.add(BaresipPhone.builder("a1").tone(a1).codecs(PhoneCodec.PCMU));
            dial(phoneA1, a);
            Thread.sleep(1500);
            BaresipPhone phoneB2 = phones.add(BaresipPhone.builder("b2").tone(b2).codecs(PhoneCodec.PCMU));
            dial(phoneB2, b);
            assertThat(a.server().media().participantCount(ROOM)).as("A: two phones and B's link").isEqualTo(3);
            assertThat(Await.until(() -> b.server().media().participantCount(ROOM) == 3, Duration.ofSeconds(5)))
                    .as("B: two phones and the link to A").isTrue();
            Thread.sleep(4000);
            a.server().media().tapMix(ROOM, null);
            b.server().media().tapMix(ROOM, null);

            int[] tones = {a1, a2, b1, b2};
            List<BaresipPhone> all = List.of(phoneA1, phoneA2, phoneB1, phoneB2);
            for (int i = 0; i < tones.length; i++) {
                double[] heard = lastSeconds(all.get(i), 3);
                double own = ToneAnalysis.levelDbfs(heard, 8000, tones[i]);
                for (int j = 0; j < tones.length; j++) {
                    if (j != i) {
                        double other = ToneAnalysis.levelDbfs(heard, 8000, tones[j]);
                        System.out.printf("cascade: phone %s hears %d Hz at %.1f dBFS (own %d Hz: %.1f dBFS)%n",
                                all.get(i).name(), tones[j], other, tones[i], own);
                        assertThat(other).as("%s hears the %d Hz phone", all.get(i).name(), tones[j])
                                .isGreaterThan(-25);
                        assertThat(own).as("%s's own tone is 30 dB under the %d Hz tone it hears",
                                all.get(i).name(), tones[j]).isLessThan(other - 30);
                    }
                }
            }
            report("A to B", a1, mixA, mixB);
            report("B to A", b2, mixB, mixA);
            for (BaresipPhone phone : all) {
                phone.hangup();
                phone.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
        }
        assertThat(Await.until(() -> b.server().media().openLegCount() == 0, Duration.ofSeconds(10)))
                .as("B's link left with its last phone").isTrue();
        assertThat(Await.until(() -> a.server().media().openLegCount() == 0, Duration.ofSeconds(10)))
                .as("A closed its end of the link when B unlinked").isTrue();
        assertThat(a.server().media().activeRoomCount() + b.server().media().activeRoomCount()).isZero();
        assertThat(Await.until(() -> a.server().sip().openMediaSockets() == 0
                && b.server().sip().openMediaSockets() == 0, Duration.ofSeconds(5))).as("no RTP socket left")
                .isTrue();
        assertThat(Await.until(() -> NativeCodecs.openContexts() == 0, Duration.ofSeconds(3)))
                .as("no codec context left").isTrue();
    }

    /** The hop's latency: when a phone's tone first shows in the far node's mix, minus when in its own node's. */
    private static void report(String direction, int tone, MixOnsets near, MixOnsets far) {
        MixOnsets.Onset here = near.onset(tone);
        MixOnsets.Onset there = far.onset(tone);
        assertThat(here.beforeDbfs()).as("%d Hz absent from the near mix before its phone joined", tone)
                .isLessThan(here.steadyDbfs() - 20);
        assertThat(there.beforeDbfs()).as("%d Hz absent from the far mix before its phone joined", tone)
                .isLessThan(there.steadyDbfs() - 20);
        double millis = (there.nanos() - here.nanos()) / 1e6;
        System.out.printf("cascade hop %s: %d Hz tone onset %.1f ms later in the far node's mix"
                + " (near: %.1f dBFS before, %.1f steady; far: %.1f before, %.1f steady)%n", direction, tone, millis,
                here.beforeDbfs(), here.steadyDbfs(), there.beforeDbfs(), there.steadyDbfs());
        assertThat(millis).as("the hop adds a positive delay, under 200 ms on loopback").isBetween(0.0, 200.0);
    }

    @Test
    void theHomeNodeRefusesUnknownPeersForgedSignaturesReplaysAndForeignRtpAddresses() throws Exception {
        HttpClient http = HttpClient.newBuilder().proxy(java.net.ProxySelector.of(null)).build();
        long now = System.currentTimeMillis();
        String good = "{\"room\":\"big\",\"node\":\"b\",\"rtp\":\"127.0.0.1:9\",\"time\":" + now
                + ",\"nonce\":\"n1\"}";
        assertThat(post(http, good, "0".repeat(64))).as("forged signature").isEqualTo(401);
        String unknown = "{\"room\":\"big\",\"node\":\"z\",\"rtp\":\"127.0.0.1:9\",\"time\":" + now
                + ",\"nonce\":\"n2\"}";
        assertThat(post(http, unknown, sign(unknown))).as("a node not in cluster.cascade.peers").isEqualTo(403);
        String stale = "{\"room\":\"big\",\"node\":\"b\",\"rtp\":\"127.0.0.1:9\",\"time\":" + (now - 120_000)
                + ",\"nonce\":\"n3\"}";
        assertThat(post(http, stale, sign(stale))).as("a message two minutes old").isEqualTo(401);
        String foreign = "{\"room\":\"big\",\"node\":\"b\",\"rtp\":\"127.0.0.2:9\",\"time\":" + now
                + ",\"nonce\":\"n4\"}";
        assertThat(post(http, foreign, sign(foreign))).as("RTP to an address the peer did not ask from")
                .isEqualTo(400);
        String unlink = "{\"room\":\"big\",\"node\":\"b\",\"rtp\":\"\",\"time\":" + now + ",\"nonce\":\"n5\"}";
        String unlinkUrl = "/internal/cascade/unlink";
        assertThat(post(http, unlinkUrl, unlink, sign(unlink))).as("a valid unlink of no link").isEqualTo(404);
        assertThat(post(http, unlinkUrl, unlink, sign(unlink))).as("the same message replayed").isEqualTo(401);
        assertThat(post(http, "not json", sign("not json"))).as("garbage").isEqualTo(400);
        assertThat(a.server().metrics().counterValue("confero_cascade_requests_refused_total"))
                .isGreaterThanOrEqualTo(6);
        assertThat(a.server().media().openLegCount()).as("no refused request opened a leg").isZero();
    }

    private static int post(HttpClient http, String body, String signature) throws Exception {
        return post(http, "/internal/cascade/link", body, signature);
    }

    private static int post(HttpClient http, String path, String body, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpA + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("X-Confero-Cascade-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void dial(BaresipPhone phone, RunningServer node) {
        phone.dial(node.roomUri(ROOM));
        phone.waitForEvent("CALL_ESTABLISHED", CALL_SETUP);
    }

    /** The last {@code seconds} of what the phone heard, without the final 300 ms (hang-up). */
    private static double[] lastSeconds(BaresipPhone phone, int seconds) {
        Wav wav = Wav.read(phone.recordingOfWhatItHeard());
        assertThat(wav.sampleRate()).isEqualTo(8000);
        long skip = (long) (wav.durationSeconds() * 1000) - seconds * 1000L - 300;
        return ToneAnalysis.steadyPart(wav, Duration.ofMillis(Math.max(0, skip)), Duration.ofMillis(300));
    }
}
