package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.Coturn;
import org.openqa.selenium.WebElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser behind a (simulated) NAT that only TURN gets through: headless Chromium is told to send media only
 * through a real coturn ({@code iceTransportPolicy: "relay"}), authenticated with the time-limited credentials
 * Confero derives from the shared secret at each join.
 */
class TurnRelayTest {
    private static final String SECRET = "coturn-shared-secret-for-tests";
    private static Coturn coturn;

    @BeforeAll
    static void startCoturn() {
        coturn = Coturn.start(SECRET, 16);
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
    }

    private static Map<String, String> settings(String secret) {
        return Map.of("CONFERO_WEBRTC_ICE_SERVERS", coturn.url(), "CONFERO_TURN_SHARED_SECRET", secret,
                "CONFERO_WEBRTC_ICE_TRANSPORT_POLICY", "relay");
    }

    @Test
    void aRelayOnlyBrowserJoinsThroughCoturnAndHearsAPhone() throws Exception {
        try (RunningServer server = RunningServer.start(settings(SECRET));
             ChromiumPage page = ChromiumPage.start();
             BaresipPhone phone = BaresipPhone.builder("desk").tone(700).codecs(PhoneCodec.PCMU).start()) {
            long joining = System.nanoTime();
            page.join("http://127.0.0.1:" + server.httpPort(), "demo", "Ada");
            page.awaitConnected(Duration.ofSeconds(20));
            long connectedMs = (System.nanoTime() - joining) / 1_000_000;
            String pair = page.selectedCandidateTypes();
            assertThat(pair).as("the browser's side of the selected pair is a TURN relay").startsWith("relay/");
            assertThat(coturn.log()).as("coturn allocated with Confero's credentials")
                    .contains("ALLOCATE processed, success");

            phone.dial(server.roomUri("demo"));
            phone.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            assertThat(Await.until(() -> server.server().media().participantCount("demo") == 2,
                    Duration.ofSeconds(5))).isTrue();
            Thread.sleep(1000);
            double before = page.inboundAudioEnergy();
            Thread.sleep(3000);
            double heard = page.inboundAudioEnergy() - before;
            System.out.printf("relay join: connected in %d ms, selected pair %s, audio energy over 3 s %.4f%n",
                    connectedMs, pair, heard);
            assertThat(heard).as("the browser hears the phone's tone through the relay").isGreaterThan(0.1);
            phone.hangup();
            phone.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
        }
    }

    @Test
    void withAWrongSecretThePageShowsAnErrorInsteadOfHanging() throws Exception {
        try (RunningServer server = RunningServer.start(settings("not-the-secret-coturn-has"));
             ChromiumPage page = ChromiumPage.start()) {
            long joining = System.nanoTime();
            // The failure may come within a second (coturn's 401 ends candidate gathering): no wait for "in-call".
            page.submitJoin("http://127.0.0.1:" + server.httpPort(), "demo", "Ada");
            assertThat(Await.until(() -> server.server().metrics().counterValue("confero_browser_joins_total") == 1,
                    Duration.ofSeconds(10))).as("the browser joined the room before media failed").isTrue();
            page.await(Duration.ofSeconds(30)).until(d -> page.byTestId("notice").isDisplayed());
            long shownMs = (System.nanoTime() - joining) / 1_000_000;
            WebElement notice = page.byTestId("notice");
            System.out.printf("wrong TURN secret: error shown after %d ms: %s%n", shownMs, notice.getText());
            assertThat(notice.getAttribute("role")).as("announced to assistive technology").isEqualTo("alert");
            assertThat(notice.getText()).contains("Media connection failed").contains("401");
            assertThat(page.script("return window.confero.state")).isEqualTo("ended");
            assertThat(page.script("return document.getElementById('status').textContent"))
                    .asString().doesNotContain("Connecting media");
            assertThat(Await.until(() -> server.server().media().openLegCount() == 0, Duration.ofSeconds(10)))
                    .as("the failed browser's leg is freed").isTrue();
        }
    }
}
