package org.confero.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.confero.server.peers.HeadlessChromium;
import org.confero.server.signalling.FakeBrowserCalls;
import org.confero.server.signalling.SignallingLimits;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web client in headless Chromium against the real server (media side faked: ICE never connects). */
class BrowserPagesTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dataDir;
    @TempDir
    Path profile;

    private final FakeBrowserCalls calls = new FakeBrowserCalls();
    private TestServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        assertThat(HeadlessChromium.installed())
                .as("chromium and chromium-driver are installed (scripts/test.sh installs them)").isTrue();
        server = new TestServer(dataDir, calls, SignallingLimits.DEFAULTS);
        ChromeOptions options = HeadlessChromium.options(profile);
        options.addArguments("--window-size=1280,800",
                // Only so that the self-signed test certificate loads; HttpsCertificateTest checks the certificate.
                "--ignore-certificate-errors");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = HeadlessChromium.start(options);
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void screenshot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Script errors and CSP violations show up as SEVERE console entries. */
    private void assertNoConsoleErrors() {
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
        assertThat(severe).isEmpty();
    }

    private WebElement byTestId(String id) {
        return browser.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    @Test
    void unknownRoomShowsThatTheRoomDoesNotExist() throws Exception {
        browser.get(server.base() + "/r/nowhere");
        await().until(d -> byTestId("notice").isDisplayed());
        assertThat(byTestId("notice").getText()).contains("This room does not exist");
        assertThat(byTestId("status").getText()).isEqualTo("Room not found.");
        screenshot("room-not-found");
    }

    @Test
    void unreachableServerIsExplainedAndRetryRecovers() throws Exception {
        browser.executeCdpCommand("Network.enable", java.util.Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of("*/api/join/*")));
        browser.get(server.base() + "/r/demo");
        await().until(d -> byTestId("notice").isDisplayed());
        assertThat(byTestId("notice").getText()).contains("Cannot reach the server");
        screenshot("server-unreachable");
        browser.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of()));
        byTestId("retry-button").click();
        await().until(d -> byTestId("join-button").isDisplayed());

        browser.get(server.base() + "/r/explode");
        await().until(d -> byTestId("notice").isDisplayed());
        assertThat(byTestId("notice").getText()).contains("not available");
    }

    @Test
    void homePageLeadsToTheRoomAndShowsTheDialInAddress() throws Exception {
        browser.get(server.base() + "/");
        byTestId("room-input").sendKeys("Weekly Standup");
        assertThat(byTestId("sip-address").getText()).isEqualTo("sip:weekly-standup@127.0.0.1");
        screenshot("home");
        byTestId("go-button").click();
        await().until(d -> d.getCurrentUrl().endsWith("/r/weekly-standup"));
    }

    @Test
    void joinPageOffersNameDevicesAndPinOnlyWhenRequired() throws Exception {
        browser.get(server.base() + "/r/demo");
        await().until(d -> byTestId("join-button").isDisplayed());
        assertThat(byTestId("name-input").isDisplayed()).isTrue();
        assertThat(byTestId("pin-input").isDisplayed()).isFalse();
        await().until(d -> !byTestId("mic-select").findElements(By.tagName("option")).isEmpty());
        assertThat(byTestId("sip-uri").getText()).isEqualTo("sip:demo@127.0.0.1");
        await().until(d -> Integer.parseInt(byTestId("mic-meter").getAttribute("aria-valuenow")) > 0);
        assertNoConsoleErrors();
        screenshot("join-demo");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("join-demo-phone");
        browser.manage().window().setSize(new Dimension(1280, 800));

        browser.get(server.base() + "/r/secret");
        await().until(d -> byTestId("join-button").isDisplayed());
        assertThat(byTestId("pin-input").isDisplayed()).isTrue();
        byTestId("name-input").sendKeys("Ada");
        byTestId("pin-input").sendKeys("9999");
        byTestId("join-button").click();
        await().until(d -> byTestId("join-error").getText().contains("PIN is not correct"));
        screenshot("join-wrong-pin");
    }

    @Test
    void joinWorksOverHttpsAndSecureWebSocket() throws Exception {
        browser.get("https://127.0.0.1:" + server.server.httpsPort() + "/r/demo");
        await().until(d -> byTestId("join-button").isDisplayed());
        byTestId("name-input").sendKeys("Ada");
        byTestId("join-button").click();
        JavascriptExecutor js = browser;
        await().until(d -> "in-call".equals(js.executeScript("return window.confero.state")));
        await().until(d -> calls.calls.get("p1").lastOffer != null);
        assertThat((Boolean) js.executeScript("return window.isSecureContext")).isTrue();
    }

    @Test
    void droppedSignallingReconnectsOnceAndRejoins() throws Exception {
        browser.get(server.base() + "/r/demo");
        await().until(d -> byTestId("join-button").isDisplayed());
        byTestId("name-input").sendKeys("Ada");
        byTestId("join-button").click();
        JavascriptExecutor js = browser;
        await().until(d -> "in-call".equals(js.executeScript("return window.confero.state")));

        // The server restarts on the same port: the page reconnects by itself and joins again.
        int port = server.httpPort();
        server.close();
        await().until(d -> "reconnecting".equals(js.executeScript("return window.confero.state")));
        assertThat(byTestId("status").getText()).contains("reconnecting");
        server = new TestServer(dataDir, calls, SignallingLimits.DEFAULTS, new Listeners(port, Listeners.OFF));
        await().until(d -> "in-call".equals(js.executeScript("return window.confero.state")));
        assertThat(js.executeScript("return window.confero.participantId")).isEqualTo("p2");
        assertThat(calls.calls.get("p2").name).isEqualTo("Ada");

        // A second drop is final: the page says so instead of looping.
        server.close();
        await().until(d -> byTestId("notice").isDisplayed());
        assertThat(byTestId("notice").getText()).contains("Connection lost");
        server = null;
    }

    @Test
    void joiningShowsTheCallWithParticipantsAndControls() throws Exception {
        browser.get(server.base() + "/r/demo");
        await().until(d -> byTestId("join-button").isDisplayed());
        byTestId("name-input").sendKeys("Ada Lovelace");
        byTestId("join-button").click();
        JavascriptExecutor js = browser;
        await().until(d -> "in-call".equals(js.executeScript("return window.confero.state")));
        await().until(d -> calls.calls.containsKey("p1") && calls.calls.get("p1").lastOffer != null);
        await().until(d -> "stable".equals(js.executeScript("return window.confero.pc?.signalingState")));
        assertThat(js.executeScript("return window.confero.participantId")).isEqualTo("p1");
        FakeBrowserCalls.Call ada = calls.calls.get("p1");
        assertThat(ada.lastOffer).contains("a=group:BUNDLE 0 1").contains("a=rtcp-mux").contains("opus/48000/2")
                .contains("m=video");
        assertThat(ada.lastOffer.split("m=video")[1]).as("camera and composite share one transceiver")
                .contains("a=sendrecv");
        // Trickled as gathered (end of candidates waits for the test's STUN URL, where nothing answers).
        await().until(d -> ada.remoteCandidates.stream().anyMatch(c -> c.contains(" 127.0.0.1 ")));
        assertThat(ada.remoteCandidates).allSatisfy(c -> assertThat(c).startsWith("candidate:").endsWith("|0|0"));

        WebSocketClient ws = new WebSocketClient();
        ws.start();
        try {
            org.confero.server.signalling.WsClient other =
                    org.confero.server.signalling.WsClient.connect(ws, server.httpPort());
            other.send("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Grace Hopper\"}");
            await().until(d -> byTestId("participant-list").findElements(By.tagName("li")).size() == 2);
            List<WebElement> people = byTestId("participant-list").findElements(By.tagName("li"));
            assertThat(people.get(0).getText() + people.get(1).getText()).contains("Ada Lovelace (you)")
                    .contains("Grace Hopper");
            assertThat(byTestId("invite-link").getText()).isEqualTo(server.base() + "/r/demo");
            assertThat(byTestId("invite-sip").getText()).isEqualTo("sip:demo@127.0.0.1");

            calls.calls.get("p1").peer.sendSpeaking("p2");
            await().until(d -> byTestId("participant-list")
                    .findElement(By.cssSelector("[data-participant-id='p2']")).getAttribute("class")
                    .contains("speaking"));

            byTestId("mute-button").click();
            await().until(d -> "true".equals(byTestId("mute-button").getAttribute("aria-pressed")));
            await().until(d -> calls.calls.get("p1").muted.startsWith("audio=true"));
            await().until(d -> !byTestId("participant-list").findElements(By.cssSelector(
                    "[data-participant-id='p1'] .badge-micOff")).isEmpty());
            screenshot("in-call");

            byTestId("camera-button").click();
            await().until(d -> "true".equals(byTestId("camera-button").getAttribute("aria-pressed")));
            await().until(d -> calls.calls.get("p1").muted.equals("audio=true,video=true"));
            assertThat(js.executeScript("return window.confero.pc.getTransceivers()[1].sender.track")).isNull();
            byTestId("camera-button").click();
            await().until(d -> calls.calls.get("p1").muted.equals("audio=true,video=false"));
            assertThat(js.executeScript("return window.confero.pc.getTransceivers()[1].sender.track.readyState"))
                    .isEqualTo("live");

            browser.manage().window().setSize(new Dimension(390, 844));
            Thread.sleep(300);
            screenshot("in-call-phone");

            assertNoConsoleErrors();
            byTestId("leave-button").click();
            await().until(d -> byTestId("notice").isDisplayed());
            assertThat(byTestId("notice").getText()).contains("You left the meeting");
            await().until(d -> calls.calls.get("p1").closed);
        } finally {
            ws.stop();
        }
    }

    @Test
    void callShowsTheStageAndOffersLayoutScreenShareAndCameraControls() throws Exception {
        browser.get(server.base() + "/r/demo");
        await().until(d -> byTestId("join-button").isDisplayed());
        byTestId("name-input").sendKeys("Ada Lovelace");
        byTestId("join-button").click();
        JavascriptExecutor js = browser;
        // A new connection is "stable" before its first offer too: wait for the offer, then for its answer.
        await().until(d -> calls.calls.containsKey("p1") && calls.calls.get("p1").lastOffer != null);
        await().until(d -> "stable".equals(js.executeScript("return window.confero.pc?.signalingState")));
        FakeBrowserCalls.Call ada = calls.calls.get("p1");

        // The camera is sent, and only in codecs the server decodes.
        String video = ada.lastOffer.split("m=video")[1];
        assertThat(video).contains("a=sendrecv").contains("VP8/90000").doesNotContain("VP9").doesNotContain("AV1");
        assertThat(video.indexOf("VP8/90000")).as("VP8 first").isLessThan(video.indexOf("rtx/90000"));

        // The stage: the composite's <video>, waiting calmly as no media arrives here.
        WebElement stageVideo = byTestId("remote-video");
        assertThat(stageVideo.getAttribute("aria-label")).isEqualTo("Meeting video");
        assertThat((Boolean) js.executeScript("const v = arguments[0]; return v.muted && v.autoplay && v.playsInline"
                + " && getComputedStyle(v).objectFit === 'contain'", stageVideo)).isTrue();
        assertThat(byTestId("stage").getAttribute("data-video")).isEqualTo("waiting");
        assertThat(byTestId("stage-waiting").getText()).contains("Waiting for video…");
        assertThat(js.executeScript("return window.conferoDebug.stageVideo === arguments[0]"
                + " && window.conferoDebug.pc === window.confero.pc", stageVideo)).isEqualTo(true);
        assertThat(byTestId("self-view").getAttribute("aria-label")).isEqualTo("Your camera");

        // Every control is a labelled button, in order, and reachable; Record only where this participant may
        // record, which the demo room does not allow.
        assertThat(browser.findElements(By.cssSelector(".controls button, .controls select")).stream()
                .filter(WebElement::isDisplayed).map(e -> e.getAttribute("data-testid")).toList())
                .containsExactly("mute-button", "camera-button", "share-button", "layout-select", "leave-button");
        assertThat(byTestId("record-button").isDisplayed()).isFalse();
        assertThat(byTestId("camera-button").getAccessibleName()).isEqualTo("Stop video");
        assertThat(byTestId("share-button").getAccessibleName()).isEqualTo("Share screen");
        assertThat(byTestId("share-button").getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(byTestId("share-button").isDisplayed()).isTrue();
        assertThat(byTestId("layout-select").getAccessibleName()).isEqualTo("Layout");
        assertThat(byTestId("layout-select").findElements(By.tagName("option")).stream()
                .map(o -> o.getAttribute("value")).toList()).containsExactly("grid", "speaker", "presenter");

        // The layout menu asks the server, and shows what the server announces for the room.
        new org.openqa.selenium.support.ui.Select(byTestId("layout-select")).selectByValue("speaker");
        await().until(d -> "speaker".equals(ada.layout));
        ada.peer.sendLayout("presenter");
        await().until(d -> "presenter".equals(byTestId("layout-select").getAttribute("value")));
        assertThat(byTestId("status").getText()).contains("presenter layout");

        // Screen share: a second video track by re-offer, then "share"; the browser's own stop ends it.
        js.executeScript("const c = document.createElement('canvas'); c.width = 320; c.height = 180;"
                + "const g = c.getContext('2d'); setInterval(() => { g.fillStyle = '#' + Math.floor(Math.random()"
                + " * 4096).toString(16).padStart(3, '0'); g.fillRect(0, 0, 320, 180); }, 50);"
                + "navigator.mediaDevices.getDisplayMedia = async () => c.captureStream(15);");
        byTestId("share-button").click();
        await().until(d -> ada.sharing.contains(true));
        assertThat(byTestId("share-button").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(byTestId("share-button").getText()).isEqualTo("Stop sharing");
        String reOffer = ada.lastOffer;
        assertThat(reOffer.split("m=video")).as("camera and screen").hasSize(3);
        assertThat(reOffer.split("m=video")[2]).contains("a=sendonly").contains("VP8/90000").doesNotContain("VP9");
        assertThat(ada.offers).hasSize(2);
        await().until(d -> "stable".equals(js.executeScript("return window.confero.pc.signalingState")));

        js.executeScript("window.confero.pc.getTransceivers()[2].sender.track.dispatchEvent(new Event('ended'))");
        await().until(d -> ada.sharing.size() == 2);
        assertThat(ada.sharing).containsExactly(true, false);
        await().until(d -> ada.offers.size() == 3);
        assertThat(ada.lastOffer.split("m=video")[2]).contains("a=inactive");
        await().until(d -> "false".equals(byTestId("share-button").getAttribute("aria-pressed")));
        screenshot("in-call-stage");
        browser.manage().window().setSize(new Dimension(390, 844));
        Thread.sleep(300);
        screenshot("in-call-stage-phone");
        assertNoConsoleErrors();
    }
}
