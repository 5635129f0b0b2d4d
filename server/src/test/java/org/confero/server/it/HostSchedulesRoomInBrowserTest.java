package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.confero.server.peers.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A host in headless Chromium logs in, schedules a room with a lobby on the host page, downloads its invite and the
 * test parses the .ics: summary, DTSTART with TZID, the browser link and the SIP URI. Then the guest's side: the
 * link opens the room's join page.
 */
class HostSchedulesRoomInBrowserTest {
    @TempDir
    Path profile;

    @TempDir
    Path downloads;

    private RunningServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        assertThat(HeadlessChromium.installed()).as("chromium and chromium-driver (scripts/test.sh installs them)")
                .isTrue();
        server = RunningServer.start();
        server.server().hostAccounts().add("teacher", "quartz-lamp-71");
        ChromeOptions options = HeadlessChromium.options(profile);
        options.addArguments("--window-size=1280,900");
        browser = HeadlessChromium.start(options);
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private WebElement byTestId(String id) {
        return browser.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    /** datetime-local and date inputs take typed text in the browser's locale; set the value as a script would. */
    private void setValue(String testId, String value) {
        browser.executeScript("const e = arguments[0]; e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));", byTestId(testId), value);
    }

    @Test
    void hostLogsInSchedulesARoomAndItsInviteCarriesZoneLinkAndSipUri() throws Exception {
        String base = "http://127.0.0.1:" + server.httpPort();
        browser.get(base + "/host");
        await().until(d -> d.getCurrentUrl().contains("/login"));
        byTestId("login-name").sendKeys("teacher");
        byTestId("login-password").sendKeys("wrong-password-1");
        byTestId("login-button").click();
        await().until(d -> byTestId("login-error").getText().contains("Wrong"));
        byTestId("login-password").clear();
        byTestId("login-password").sendKeys("quartz-lamp-71");
        byTestId("login-button").click();
        await().until(d -> d.getCurrentUrl().endsWith("/host"));
        await().until(d -> byTestId("host-name").getText().equals("teacher (admin)"));

        byTestId("new-room").click();
        byTestId("f-title").sendKeys("Physics 9A");
        byTestId("f-slug").sendKeys("physics-9a");
        setValue("f-start", "2027-01-11T09:00");
        setValue("f-end", "2027-01-11T09:45");
        byTestId("f-zone").clear();
        byTestId("f-zone").sendKeys("America/New_York");
        byTestId("f-weekly").click();
        byTestId("f-lobby").click();
        byTestId("f-pin").sendKeys("4821");
        byTestId("save-room").click();
        await().until(d -> !d.findElements(By.cssSelector("li[data-slug='physics-9a']")).isEmpty());
        WebElement item = browser.findElement(By.cssSelector("li[data-slug='physics-9a']"));
        assertThat(item.getText()).contains("Physics 9A", "America/New_York", "weekly", "lobby", "PIN 4821",
                "sip:physics-9a@127.0.0.1:" + server.sipPort());

        item.findElement(By.cssSelector("[data-testid='download-invite']")).click();
        Path ics = downloads.resolve("physics-9a.ics");
        await().until(d -> Files.exists(ics) && !hasPartialDownload());
        String text = Files.readString(ics);
        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getProperty("SUMMARY").orElseThrow().getValue()).isEqualTo("Physics 9A");
        DtStart<?> start = event.<DtStart<?>>getProperty("DTSTART").orElseThrow();
        assertThat(start.getParameter("TZID").orElseThrow().getValue()).isEqualTo("America/New_York");
        assertThat(ZonedDateTime.from(start.getDate()).toLocalDateTime()).isEqualTo(LocalDateTime.of(2027, 1, 11, 9, 0));
        assertThat(calendar.getComponent("VTIMEZONE")).isPresent();
        assertThat(event.getProperty("RRULE").orElseThrow().getValue()).isEqualTo("FREQ=WEEKLY");
        String link = base + "/r/physics-9a";
        String description = event.getProperty("DESCRIPTION").orElseThrow().getValue();
        assertThat(description).contains(link, "sip:physics-9a@127.0.0.1:" + server.sipPort(), "PIN: 4821");
        assertThat(event.getProperty("URL").orElseThrow().getValue()).isEqualTo(link);

        // The link works for a guest: the join page finds the hosted room and asks for its PIN.
        browser.get(link);
        await().until(d -> byTestId("join-button").isDisplayed());
        assertThat(byTestId("pin-input").isDisplayed()).isTrue();
        assertThat(byTestId("sip-uri").getText()).isEqualTo("sip:physics-9a@127.0.0.1:" + server.sipPort());
    }

    @Test
    void startMeetingGivesAHostAnInstantRoomAndTellsOthersHowToGetALink() {
        String base = "http://127.0.0.1:" + server.httpPort();
        browser.get(base + "/");
        byTestId("start-button").click();
        await().until(d -> byTestId("start-message").getText().contains("Ask yours for the meeting link"));

        browser.get(base + "/login?next=/");
        byTestId("login-name").sendKeys("teacher");
        byTestId("login-password").sendKeys("quartz-lamp-71");
        byTestId("login-button").click();
        await().until(d -> d.getCurrentUrl().equals(base + "/"));
        await().until(d -> byTestId("host-link").getText().contains("teacher"));
        byTestId("start-button").click();
        await().until(d -> d.getCurrentUrl().matches(".*/r/[a-z]{3}-[a-z]{4}-[a-z]{3}"));
        await().until(d -> byTestId("join-button").isDisplayed());
        assertThat(byTestId("pin-input").isDisplayed()).isFalse();
    }

    private boolean hasPartialDownload() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(p -> p.toString().endsWith(".crdownload"));
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
