package org.confero.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.confero.server.peers.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium with a fake camera and microphone, driven by Debian's chromedriver, that opens Confero's real
 * web client. Only loopback candidates are gathered (the flags of the project's testing notes).
 */
final class ChromiumPage implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;

    private ChromiumPage(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static ChromiumPage start() {
        return start(java.util.Optional.empty());
    }

    /** A page whose fake camera sends {@code fakeCameraY4m} (see {@code FfmpegTools.solidColourY4m}). */
    static ChromiumPage start(Path fakeCameraY4m) {
        return start(java.util.Optional.of(fakeCameraY4m));
    }

    private static ChromiumPage start(java.util.Optional<Path> fakeCameraY4m) {
        if (!HeadlessChromium.installed()) {
            throw new IllegalStateException("chromium and chromium-driver must be installed (scripts/test.sh does it)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("confero-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = HeadlessChromium.options(profile);
        options.addArguments("--window-size=1280,800");
        fakeCameraY4m.ifPresent(file -> HeadlessChromium.withFakeCamera(options, file));
        return new ChromiumPage(HeadlessChromium.start(options), profile);
    }

    /** Opens any page, e.g. a test's own WebRTC page. */
    void open(String url) {
        driver.get(url);
    }

    /** Opens the room's link, types a name and joins; returns once the page says it is in the call. */
    void join(String baseUrl, String room, String name) {
        driver.get(baseUrl + "/r/" + room);
        await(Duration.ofSeconds(15)).until(d -> byTestId("join-button").isDisplayed());
        byTestId("name-input").sendKeys(name);
        byTestId("join-button").click();
        await(Duration.ofSeconds(15)).until(d -> "in-call".equals(script("return window.confero.state")));
    }

    /** Opens the room's link, types a name and presses Join, without waiting for the outcome. */
    void submitJoin(String baseUrl, String room, String name) {
        driver.get(baseUrl + "/r/" + room);
        await(Duration.ofSeconds(15)).until(d -> byTestId("join-button").isDisplayed());
        byTestId("name-input").sendKeys(name);
        byTestId("join-button").click();
    }

    /** Waits until the page's RTCPeerConnection is connected (ICE and DTLS done). */
    void awaitConnected(Duration timeout) {
        await(timeout).until(d -> "connected".equals(script("return window.confero.pc?.connectionState")));
    }

    ChromeDriver driver() {
        return driver;
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Runs {@code js} as the body of an async function whose value is returned. */
    Object asyncScript(String js) {
        return ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "(async () => { " + js + " })().then(done, e => done('error: ' + e));");
    }

    /** The inbound audio's {@code totalAudioEnergy} (grows only while something audible is played). */
    double inboundAudioEnergy() {
        Object v = asyncScript("const stats = await window.confero.pc.getStats(); let e = 0;"
                + "stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') e = s.totalAudioEnergy || 0; });"
                + "return e;");
        return ((Number) v).doubleValue();
    }

    /** The inbound audio's {@code audioLevel} now (0..1): what the browser is playing at this moment. */
    double inboundAudioLevel() {
        Object v = asyncScript("const stats = await window.confero.pc.getStats(); let l = 0;"
                + "stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') l = s.audioLevel || 0; });"
                + "return l;");
        return ((Number) v).doubleValue();
    }

    long inboundAudioPackets() {
        Object v = asyncScript("const stats = await window.confero.pc.getStats(); let n = 0;"
                + "stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') n = s.packetsReceived || 0; });"
                + "return n;");
        return ((Number) v).longValue();
    }

    /** The selected transport's DTLS state and SRTP cipher, e.g. {@code {dtlsState=connected, srtpCipher=…}}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> transport() {
        return (Map<String, Object>) asyncScript("const stats = await window.confero.pc.getStats(); let t = {};"
                + "stats.forEach(s => { if (s.type === 'transport') t = {dtlsState: s.dtlsState,"
                + " srtpCipher: s.srtpCipher, dtlsCipher: s.dtlsCipher, tlsVersion: s.tlsVersion}; });"
                + "return t;");
    }

    /** The candidate types of the selected pair, e.g. {@code relay/host}, or empty before ICE completes. */
    String selectedCandidateTypes() {
        return (String) asyncScript("const stats = await window.confero.pc.getStats(); let pair = null;"
                + "stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });"
                + "if (!pair) return '';"
                + "return stats.get(pair.localCandidateId).candidateType + '/' + stats.get(pair.remoteCandidateId).candidateType;");
    }

    WebElement byTestId(String id) {
        return driver.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    /**
     * Clicks the element {@code selector} names once its {@code aria-label} reads {@code label}; an element that a
     * redraw replaced between finding and clicking is looked up again.
     */
    void clickLabelled(By selector, String label, Duration timeout) {
        await(timeout).until(d -> {
            WebElement element = d.findElement(selector);
            if (!label.equals(element.getAttribute("aria-label"))) {
                return false;
            }
            element.click();
            return true;
        });
    }

    WebDriverWait await(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        // a room page that moves to the cluster node holding the room replaces every element while we wait
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
