package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The meeting a host runs, end to end in two headless Chromiums against the real server: the host logs in,
 * schedules a room with a lobby on the host page, downloads and parses its invite, and joins as its host; a guest
 * opens the link and waits in the lobby (not in the roster, no media); the host admits it, both hear each other;
 * the host mutes the guest and the guest's voice stops reaching the host while the guest's browser still sends
 * it (the server takes it out of the mix); the guest may not unmute until the host allows it, then its voice is back.
 */
class HostRunsMeetingInBrowserTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String SLUG = "clinic-visit";

    @TempDir
    Path downloads;

    private RunningServer server;
    private ChromiumPage host;
    private ChromiumPage guest;

    @BeforeEach
    void start() {
        server = RunningServer.start();
        server.server().hostAccounts().add("nurse", "amber-river-38");
        host = ChromiumPage.start();
        host.driver().executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {guest, host, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.out.println("closing: " + e);
            }
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    @Test
    void hostSchedulesAdmitsFromTheLobbyAndMutesAGuestWhoseVoiceThenStopsReachingTheHost() throws Exception {
        // The host logs in and schedules a room with a lobby that is open now (it started five minutes ago).
        host.open(base() + "/host");
        host.await(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/login"));
        host.byTestId("login-name").sendKeys("nurse");
        host.byTestId("login-password").sendKeys("amber-river-38");
        host.byTestId("login-button").click();
        host.await(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/host"));
        host.await(Duration.ofSeconds(15)).until(d -> host.byTestId("host-name").getText().equals("nurse (admin)"));
        LocalDateTime start = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES).minusMinutes(5);
        LocalDateTime end = start.plusMinutes(65);
        DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        host.byTestId("new-room").click();
        host.byTestId("f-title").sendKeys("Clinic visit");
        host.byTestId("f-slug").sendKeys(SLUG);
        setValue(host, "f-start", start.format(minutes));
        setValue(host, "f-end", end.format(minutes));
        host.byTestId("f-zone").clear();
        host.byTestId("f-zone").sendKeys(ZONE.getId());
        host.byTestId("f-lobby").click();
        host.byTestId("save-room").click();
        host.await(Duration.ofSeconds(15))
                .until(d -> !d.findElements(By.cssSelector("li[data-slug='" + SLUG + "']")).isEmpty());

        // Its invite: summary, start with its time zone, the link and the SIP URI.
        host.driver().findElement(By.cssSelector("li[data-slug='" + SLUG + "'] [data-testid='download-invite']"))
                .click();
        Path ics = downloads.resolve(SLUG + ".ics");
        host.await(Duration.ofSeconds(15)).until(d -> Files.exists(ics) && !partialDownload());
        Calendar calendar = new CalendarBuilder().build(new StringReader(Files.readString(ics)));
        VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
        assertThat(event.getProperty("SUMMARY").orElseThrow().getValue()).isEqualTo("Clinic visit");
        DtStart<?> dtStart = event.<DtStart<?>>getProperty("DTSTART").orElseThrow();
        assertThat(dtStart.getParameter("TZID").orElseThrow().getValue()).isEqualTo(ZONE.getId());
        assertThat(ZonedDateTime.from(dtStart.getDate()).toLocalDateTime()).isEqualTo(start);
        String link = event.getProperty("URL").orElseThrow().getValue();
        assertThat(link).isEqualTo(base() + "/r/" + SLUG);
        String sipUri = "sip:" + SLUG + "@127.0.0.1:" + server.sipPort();
        assertThat(event.getProperty("DESCRIPTION").orElseThrow().getValue()).contains(link, sipUri);

        // The host opens the link: the session cookie makes it the room's host.
        host.join(base(), SLUG, "Nurse Joy");
        assertThat(host.script("return window.confero.host")).isEqualTo(true);
        host.await(Duration.ofSeconds(5)).until(d -> host.byTestId("host-panel").isDisplayed());
        host.awaitConnected(Duration.ofSeconds(15));
        Thread.sleep(3000);
        System.out.println("host's page after 3 s in the call: " + host.asyncScript("const st = await window.confero.pc.getStats();"
                + " let o = {}; st.forEach(s => { if (s.type === 'outbound-rtp' || s.type === 'media-source'"
                + " || s.type === 'inbound-rtp') o[s.type + '-' + s.kind] = s.packetsSent ?? s.packetsReceived"
                + " ?? s.audioLevel; }); o.state = window.confero.pc.connectionState;"
                + " o.senders = window.confero.pc.getSenders().map(s => s.track ? s.track.kind + ':'"
                + " + s.track.readyState + ':' + s.track.enabled : 'none').join(','); o.status ="
                + " document.querySelector('[data-testid=status]').textContent; return JSON.stringify(o);"));
        System.out.println("server legs: " + server.server().media().legs());
        assertThat(server.server().media().legs().get(0).rtpPackets()).as("the host's audio reaches the server")
                .isGreaterThan(50);

        // The guest opens the link from the invite and waits in the lobby: no media, not in the roster.
        guest = ChromiumPage.start();
        guest.submitJoin(base(), SLUG, "Pat Guest");
        guest.await(Duration.ofSeconds(15)).until(d -> "lobby".equals(guest.script("return window.confero.state")));
        assertThat(guest.byTestId("lobby").getText()).contains("Waiting for the host to let you in");
        String waitingId = (String) guest.script("return window.confero.participantId");
        host.await(Duration.ofSeconds(10)).until(d -> host.driver()
                .findElements(By.cssSelector("[data-testid='lobby-entry'][data-participant-id='" + waitingId + "']"))
                .size() == 1);
        assertThat(host.driver().findElements(By.cssSelector("[data-testid='participant']"))).hasSize(1);
        assertThat(server.server().media().participantCount(SLUG)).isEqualTo(1);
        Thread.sleep(1500);
        assertThat(guest.script("return window.conferoDebug.pc")).as("no media while waiting").isNull();
        assertThat(server.server().media().participantCount(SLUG)).as("the guest has no leg in the room")
                .isEqualTo(1);
        assertThat(server.server().media().legs()).as("the only leg is the host's").hasSize(1);

        // The host admits the guest: same page, same participant id, media now.
        host.clickLabelled(By.cssSelector("[data-testid='lobby-entry'][data-participant-id='" + waitingId
                + "'] [data-testid='host-admit']"), "Admit Pat Guest", Duration.ofSeconds(10));
        guest.await(Duration.ofSeconds(15)).until(d -> "in-call".equals(guest.script("return window.confero.state")));
        assertThat(guest.script("return window.confero.participantId")).isEqualTo(waitingId);
        guest.awaitConnected(Duration.ofSeconds(15));
        host.await(Duration.ofSeconds(10)).until(d -> host.driver()
                .findElements(By.cssSelector("[data-testid='participant']")).size() == 2);
        assertThat(host.driver().findElements(By.cssSelector("[data-testid='lobby-entry']"))).isEmpty();

        double hostHears = energyOver(host, 4000);
        double guestHears = energyOver(guest, 4000);
        System.out.printf("audio energy over 4 s after admission: host hears %.4f, guest hears %.4f%n", hostHears,
                guestHears);
        assertThat(hostHears).as("the host hears the guest").isGreaterThan(0.001);
        assertThat(guestHears).as("the guest hears the host").isGreaterThan(0.001);

        // The host mutes the guest: the guest is told, keeps sending, and the host hears nothing of it.
        host.clickLabelled(By.cssSelector("[data-participant-id='" + waitingId + "'] [data-testid='host-mute']"),
                "Mute Pat Guest", Duration.ofSeconds(10));
        guest.await(Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(guest.script(
                "return window.confero.hostMuted")));
        assertThat(guest.byTestId("mute-button").getAttribute("aria-pressed")).as("the page shows it muted")
                .isEqualTo("true");
        assertThat(Await.until(() -> host.inboundAudioLevel() < 0.001, Duration.ofSeconds(10)))
                .as("the host's playout reaches the silence after the mute").isTrue();
        long sentBefore = outboundAudioPackets(guest);
        double hostHearsMuted = energyOver(host, 4000);
        long sentWhileMuted = outboundAudioPackets(guest) - sentBefore;
        System.out.printf("while muted by the host: host hears %.6f over 4 s; the guest sent %d audio packets%n",
                hostHearsMuted, sentWhileMuted);
        assertThat(sentWhileMuted).as("the guest's browser still sends its microphone").isGreaterThan(150);
        assertThat(guest.script("return window.confero.pc.getSenders()"
                + ".find(s => s.track && s.track.kind === 'audio').track.enabled")).isEqualTo(true);
        assertThat(hostHearsMuted).as("the muted guest's voice no longer reaches the host")
                .isLessThan(hostHears / 100);

        // The guest may not unmute itself yet; once the host allows it, its voice is back.
        guest.byTestId("mute-button").click();
        guest.await(Duration.ofSeconds(5)).until(d -> guest.byTestId("status").getText()
                .contains("you can unmute when the host allows it"));
        host.await(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("[data-participant-id='"
                + waitingId + "'] [data-testid='host-allow-unmute']")).isEmpty());
        host.clickLabelled(By.cssSelector("[data-participant-id='" + waitingId
                + "'] [data-testid='host-allow-unmute']"), "Allow Pat Guest to unmute", Duration.ofSeconds(10));
        guest.await(Duration.ofSeconds(10)).until(d -> Boolean.FALSE.equals(guest.script(
                "return window.confero.hostMuted")));
        guest.byTestId("mute-button").click();
        assertThat(Await.until(() -> host.inboundAudioLevel() > 0.001, Duration.ofSeconds(10)))
                .as("the host hears the guest again").isTrue();
        double hostHearsAgain = energyOver(host, 4000);
        System.out.printf("after unmute: host hears %.4f over 4 s%n", hostHearsAgain);
        assertThat(hostHearsAgain).isGreaterThan(0.001);
    }

    private static double energyOver(ChromiumPage page, long millis) throws InterruptedException {
        double before = page.inboundAudioEnergy();
        Thread.sleep(millis);
        return page.inboundAudioEnergy() - before;
    }

    private static long outboundAudioPackets(ChromiumPage page) {
        Object v = page.asyncScript("const stats = await window.confero.pc.getStats(); let n = 0;"
                + "stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'audio') n = s.packetsSent || 0; });"
                + "return n;");
        return ((Number) v).longValue();
    }

    private static void setValue(ChromiumPage page, String testId, String value) {
        page.driver().executeScript("const e = arguments[0]; e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));", page.byTestId(testId), value);
    }

    private boolean partialDownload() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(p -> p.toString().endsWith(".crdownload"));
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
