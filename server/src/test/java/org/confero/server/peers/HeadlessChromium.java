package org.confero.server.peers;

import java.io.File;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and chromedriver as the tests start them: the flags verified in the project's testing
 * notes (fake camera and microphone, loopback ICE candidates only, no mDNS, no background traffic). Selenium
 * Manager is never asked to download a browser or driver.
 */
public final class HeadlessChromium {
    public static final File BINARY = new File("/usr/bin/chromium");
    public static final File DRIVER = new File("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static boolean installed() {
        return BINARY.canExecute() && DRIVER.canExecute();
    }

    /** Options with our binary and flags and a fresh profile in {@code profile}; callers may add arguments. */
    public static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
                // without it Chromium gathers no 127.0.0.1 candidate; the feature switch stops mDNS host names
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns");
        return options;
    }

    /**
     * Makes the fake camera send {@code y4m} instead of its green test pattern; a one-frame file (see {@link
     * FfmpegTools#solidColourY4m}) loops, so the camera shows one solid colour at the file's size.
     */
    public static ChromeOptions withFakeCamera(ChromeOptions options, Path y4m) {
        options.addArguments("--use-file-for-fake-video-capture=" + y4m.toAbsolutePath());
        return options;
    }

    /** Starts chromedriver on a free port and the browser with {@code options}. */
    public static ChromeDriver start(ChromeOptions options) {
        System.setProperty("webdriver.chrome.driver", DRIVER.getPath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
