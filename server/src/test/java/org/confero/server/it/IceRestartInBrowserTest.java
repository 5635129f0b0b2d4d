package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ICE restart from Confero's web client in headless Chromium, in a room with a baresip phone sending a tone: the
 * page restarts ICE (asked through its debug hook, or by itself after the server broke its media path), the
 * server answers with new ICE credentials on the same session, and the browser keeps its participant id, its
 * roster entry and the phone's audio.
 */
class IceRestartInBrowserTest {
    private static final String ROSTER_LOG = "window.rosterLog = [];"
            + "const list = document.getElementById('participant-list');"
            + "new MutationObserver(() => window.rosterLog.push([...list.querySelectorAll('[data-testid=participant]')]"
            + ".map(li => li.dataset.participantId).sort().join(','))).observe(list, {childList: true, subtree: true});";
    private static RunningServer server;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(Map.of("CONFERO_ROOM_ALPHA_NAME", "Alpha", "CONFERO_ROOM_BRAVO_NAME", "Bravo"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageRestartsIceAndKeepsItsIdentityAndTheAudio() throws Exception {
        try (ChromiumPage page = ChromiumPage.start();
             BaresipPhone phone = BaresipPhone.builder("desk").tone(700).codecs(PhoneCodec.PCMU).start()) {
            String id = joinWithPhone(page, phone, "alpha");
            Before before = Before.of(page);

            long asked = System.nanoTime();
            page.script("window.conferoDebug.restartIce()");
            page.await(Duration.ofSeconds(5)).until(d -> status(page).equals("Reconnecting media…")
                    || restartsCompleted() == before.completed + 1);
            page.await(Duration.ofSeconds(15)).until(d -> status(page).equals("Connected."));
            long restartMs = (System.nanoTime() - asked) / 1_000_000;

            assertRestartKeptEverything(page, id, before, "alpha");
            double heard = heardOver(page, 3000);
            System.out.printf("page-initiated ICE restart: back to \"Connected.\" in %d ms; server ufrag %s -> %s;"
                            + " selected pair %s -> %s; audio energy over 3 s %.4f (before %.4f)%n", restartMs,
                    before.serverUfrag, serverUfrag(page), before.pairId, selectedPairId(page), heard, before.heard);
            assertThat(heard).as("the browser hears the phone's tone after the restart").isGreaterThan(0.1);
            phone.hangup();
        }
    }

    @Test
    void whenTheServerBreaksTheMediaPathThePageRestartsIceByItself() throws Exception {
        try (ChromiumPage page = ChromiumPage.start();
             BaresipPhone phone = BaresipPhone.builder("desk2").tone(700).codecs(PhoneCodec.PCMU).start()) {
            String id = joinWithPhone(page, phone, "bravo");
            Before before = Before.of(page);
            page.script("window.statusLog = []; const st = document.getElementById('status');"
                    + "new MutationObserver(() => window.statusLog.push(st.textContent))"
                    + ".observe(st, {childList: true, characterData: true, subtree: true});");

            long broken = System.nanoTime();
            assertThat(server.server().webrtc().breakMediaPath(id)).isTrue();
            page.await(Duration.ofSeconds(20)).until(d -> restartsCompleted() == before.completed + 1
                    && status(page).equals("Connected."));
            long recoveredMs = (System.nanoTime() - broken) / 1_000_000;

            assertRestartKeptEverything(page, id, before, "bravo");
            @SuppressWarnings("unchecked")
            List<String> statusLog = (List<String>) page.script("return window.statusLog");
            assertThat(statusLog).as("the page said it was reconnecting").contains("Reconnecting media…");
            double heard = heardOver(page, 3000);
            System.out.printf("server-broken path: page restarted ICE and was back in %d ms (statuses %s); audio"
                    + " energy over 3 s %.4f (before %.4f)%n", recoveredMs, statusLog, heard, before.heard);
            assertThat(heard).as("the browser hears the phone's tone after the restart").isGreaterThan(0.1);
            phone.hangup();
        }
    }

    /** What the page and server showed before the restart. */
    private record Before(String pairId, String serverUfrag, long joins, long completed, double heard) {
        static Before of(ChromiumPage page) throws InterruptedException {
            String pair = selectedPairId(page);
            assertThat(pair).isNotEmpty();
            double heard = heardOver(page, 2000);
            assertThat(heard).as("the browser hears the phone's tone before the restart").isGreaterThan(0.05);
            Metrics m = server.server().metrics();
            return new Before(pair, IceRestartInBrowserTest.serverUfrag(page), m.counterValue("confero_browser_joins_total"),
                    restartsCompleted(), heard);
        }
    }

    private static String joinWithPhone(ChromiumPage page, BaresipPhone phone, String room) throws Exception {
        page.join("http://127.0.0.1:" + server.httpPort(), room, "Ada");
        page.awaitConnected(Duration.ofSeconds(20));
        phone.dial(server.roomUri(room));
        phone.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        assertThat(Await.until(() -> server.server().media().participantCount(room) == 2, Duration.ofSeconds(5)))
                .isTrue();
        page.await(Duration.ofSeconds(5)).until(d -> rosterIds(page).split(",").length == 2);
        page.script(ROSTER_LOG);
        return (String) page.script("return window.confero.participantId");
    }

    private static void assertRestartKeptEverything(ChromiumPage page, String id, Before before, String room) {
        Metrics m = server.server().metrics();
        assertThat(restartsCompleted()).as("the server moved the session to the new pair")
                .isEqualTo(before.completed + 1);
        assertThat(serverUfrag(page)).as("the server answered with new ICE credentials")
                .isNotEqualTo(before.serverUfrag);
        assertThat(selectedPairId(page)).as("a new candidate pair carries the media").isNotEqualTo(before.pairId);
        assertThat(selectedRemoteUfrag(page)).as("the selected pair's remote candidate is of the new generation")
                .isIn(serverUfrag(page), null);
        assertThat(page.script("return window.confero.participantId")).as("same participant id").isEqualTo(id);
        assertThat(m.counterValue("confero_browser_joins_total")).as("no new join").isEqualTo(before.joins);
        assertThat(server.server().media().participantCount(room)).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<String> rosters = (List<String>) page.script("return window.rosterLog");
        String ids = rosterIds(page);
        assertThat(ids).contains(id);
        assertThat(rosters).as("every roster shown during the restart lists both, the browser under its id")
                .allMatch(r -> r.equals(ids));
        assertThat(m.counterValue("confero_webrtc_dtls_handshakes_ok_total"))
                .as("the DTLS association was kept: one handshake per session so far").isEqualTo(before.joins);
    }

    private static double heardOver(ChromiumPage page, long millis) throws InterruptedException {
        double start = page.inboundAudioEnergy();
        Thread.sleep(millis);
        return page.inboundAudioEnergy() - start;
    }

    private static long restartsCompleted() {
        return server.server().metrics().counterValue("confero_webrtc_ice_restarts_completed_total");
    }

    private static String status(ChromiumPage page) {
        return String.valueOf(page.script("return document.getElementById('status').textContent"));
    }

    private static String rosterIds(ChromiumPage page) {
        return String.valueOf(page.script("return [...document.querySelectorAll('#participant-list"
                + " [data-testid=participant]')].map(li => li.dataset.participantId).sort().join(',')"));
    }

    /** The ice-ufrag of the server's current answer, as the browser applied it. */
    private static String serverUfrag(ChromiumPage page) {
        return (String) page.script("return /a=ice-ufrag:(\\S+)/.exec(window.confero.pc.currentRemoteDescription.sdp)[1]");
    }

    private static String selectedPairId(ChromiumPage page) {
        return (String) page.asyncScript("const stats = await window.confero.pc.getStats(); let id = '';"
                + "stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) id = s.selectedCandidatePairId; });"
                + "return id;");
    }

    /** The usernameFragment of the selected pair's remote candidate, or null where getStats has none. */
    private static String selectedRemoteUfrag(ChromiumPage page) {
        return (String) page.asyncScript("const stats = await window.confero.pc.getStats(); let pair = null;"
                + "stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });"
                + "const c = pair && stats.get(pair.remoteCandidateId); return (c && c.usernameFragment) || null;");
    }

}
