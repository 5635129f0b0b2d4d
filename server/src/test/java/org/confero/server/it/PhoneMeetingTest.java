package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.confero.server.api.ApiClient;
import org.confero.server.meeting.LobbyEntry;
import org.confero.server.meeting.Meeting;
import org.confero.server.meeting.MeetingView;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;

/**
 * Phones in a hosted meeting (a room created through the REST API with a participant PIN, a host PIN and a lobby),
 * with real baresip phones keying RFC 4733 digits: the host PIN enters directly, the participant PIN waits in the
 * lobby (answered, hearing the waiting prompt, neither hearing the room nor heard) until the host admits it, then
 * both phones hear each other; three wrong PINs hang up.
 */
class PhoneMeetingTest {
    private static final String HOST_PASSWORD = "harbour-lantern-62";
    private static final int HOST_TONE = 1300;
    private static final int GUEST_TONE = 700;
    private static final int WAITING_PROMPT = 660;
    private static final int ENTER_PIN_PROMPT = 1000;
    private static final int WRONG_PIN_PROMPT = 350;

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Samples of an 8 kHz recording between two offsets in seconds. */
    private static double[] slice(double[] samples, double fromSeconds, double toSeconds) {
        int from = (int) Math.max(0, fromSeconds * 8000);
        int to = (int) Math.min(samples.length, toSeconds * 8000);
        assertThat(to - from).as("recording covers %.1f-%.1f s", fromSeconds, toSeconds).isGreaterThan(4000);
        return Arrays.copyOfRange(samples, from, to);
    }

    /** The level of the loudest 100 ms block: a short prompt beep shows here whatever the window. */
    static double loudest(double[] samples, double frequency) {
        double loudest = ToneAnalysis.FLOOR_DBFS;
        for (int from = 0; from + 800 <= samples.length; from += 400) {
            loudest = Math.max(loudest, ToneAnalysis.levelDbfs(samples, 8000, frequency, from, 800));
        }
        return loudest;
    }

    @Test
    void theParticipantPinWaitsInTheLobbyUntilTheHostAdmitsAndTheHostPinEntersDirectly() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of());
             BaresipPhones phones = new BaresipPhones()) {
            server.server().hostAccounts().add("nurse", HOST_PASSWORD);
            ApiClient api = ApiClient.loggedIn("http://127.0.0.1:" + server.httpPort(), "nurse", HOST_PASSWORD);
            ApiClient.Reply created = api.post("/api/rooms", Map.of("slug", "clinic", "title", "Clinic",
                    "pin", "2468", "hostPin", "97531", "lobby", true));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Metrics metrics = server.server().metrics();

            BaresipPhone host = phones.add(BaresipPhone.builder("host").tone(HOST_TONE).codecs(PhoneCodec.PCMU));
            BaresipPhone guest = phones.add(BaresipPhone.builder("guest").tone(GUEST_TONE).codecs(PhoneCodec.PCMU));
            BaresipPhone eve = phones.add(BaresipPhone.builder("eve").tone(900).codecs(PhoneCodec.PCMU));

            host.dial(server.roomUri("clinic"));
            host.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            long hostConnected = System.nanoTime();
            Thread.sleep(1500); // the host hears the enter-PIN prompt
            host.command("sndcode", "97531");
            assertThat(Await.until(() -> server.server().media().roster("clinic").size() == 1,
                    Duration.ofSeconds(5))).as("the host PIN enters the lobby room directly").isTrue();
            long hostIn = System.nanoTime();
            Meeting meeting = server.server().sip().meetings().find("clinic").orElseThrow();
            assertThat(meeting.view().hostIds()).as("as a host").hasSize(1);

            guest.dial(server.roomUri("clinic"));
            guest.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            long guestConnected = System.nanoTime();
            guest.command("sndcode", "2468#");
            assertThat(Await.until(() -> meeting.view().lobby().size() == 1, Duration.ofSeconds(5)))
                    .as("the participant PIN puts the guest in the lobby").isTrue();
            long guestInLobby = System.nanoTime();
            assertThat(metrics.counterValue("sip_pin_accepted_total")).isEqualTo(2);
            assertThat(metrics.counterValue("sip_meeting_lobby_total")).isEqualTo(1);
            assertThat(server.server().media().participantCount("clinic")).as("connected").isEqualTo(2);
            assertThat(server.server().media().roster("clinic")).as("but not in the meeting").hasSize(1);
            Thread.sleep(4500); // the guest waits: a whole cycle of the waiting prompt
            MeetingView waiting = meeting.view();
            LobbyEntry entry = waiting.lobby().get(0);
            assertThat(waiting.hostIds()).doesNotContain(entry.participantId());
            long admitted = System.nanoTime();
            assertThat(meeting.admit(entry.participantId())).isTrue();
            assertThat(Await.until(() -> server.server().media().roster("clinic").size() == 2,
                    Duration.ofSeconds(5))).as("admitted, the guest joins the mix").isTrue();
            assertThat(meeting.view().lobby()).isEmpty();
            Thread.sleep(3500);
            long beforeEve = System.nanoTime();

            eve.dial(server.roomUri("clinic"));
            eve.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            for (String wrong : new String[] {"0000#", "1234#", "9753#"}) {
                eve.command("sndcode", wrong);
                Thread.sleep(1200); // the wrong-PIN prompt plays between attempts
            }
            assertThat(eve.waitForEvent("CALL_CLOSED", Duration.ofSeconds(10))).as("three wrong PINs hang up")
                    .isNotNull();
            assertThat(metrics.counterValue("sip_pin_refused_total")).isEqualTo(3);
            assertThat(server.server().media().roster("clinic")).hasSize(2);

            for (BaresipPhone p : new BaresipPhone[] {host, guest}) {
                p.hangup();
                p.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
            
            // Each phone's recording starts with the first packet it received: the enter-PIN prompt, on answer.
            double[] hostHeard = Wav.read(host.recordingOfWhatItHeard()).mono();
            double[] guestHeard = Wav.read(guest.recordingOfWhatItHeard()).mono();
            double[] hostBeforePin = slice(hostHeard, 0, seconds(hostIn - hostConnected) - 0.3);
            double[] guestWaiting = slice(guestHeard, seconds(guestInLobby - guestConnected) + 0.3,
                    seconds(admitted - guestConnected) - 0.1);
            double[] hostWhileGuestWaits = slice(hostHeard, seconds(guestInLobby - hostConnected) + 0.3,
                    seconds(admitted - hostConnected) - 0.1);
            double[] guestIn = slice(guestHeard, seconds(admitted - guestConnected) + 1.0,
                    seconds(beforeEve - guestConnected));
            double[] hostWithGuest = slice(hostHeard, seconds(admitted - hostConnected) + 1.0,
                    seconds(beforeEve - hostConnected));
            double enterPin = loudest(hostBeforePin, ENTER_PIN_PROMPT);
            double waitingPrompt = loudest(guestWaiting, WAITING_PROMPT);
            double hostToLobby = loudest(guestWaiting, HOST_TONE);
            double lobbyToHost = loudest(hostWhileGuestWaits, GUEST_TONE);
            double hostToGuest = ToneAnalysis.levelDbfs(guestIn, 8000, HOST_TONE);
            double guestToHost = ToneAnalysis.levelDbfs(hostWithGuest, 8000, GUEST_TONE);
            System.out.printf("enter-PIN prompt %.1f dBFS; in the lobby: waiting prompt %.1f dBFS, host's tone %.1f"
                    + " dBFS, guest heard by the host %.1f dBFS; admitted: host's tone at the guest %.1f dBFS,"
                    + " guest's tone at the host %.1f dBFS%n", enterPin, waitingPrompt, hostToLobby, lobbyToHost,
                    hostToGuest, guestToHost);
            assertThat(enterPin).as("the host heard the enter-PIN prompt").isGreaterThan(-30);
            assertThat(waitingPrompt).as("the guest hears the waiting prompt in the lobby").isGreaterThan(-30);
            assertThat(hostToLobby).as("the guest hears no room audio in the lobby").isLessThan(-45);
            assertThat(lobbyToHost).as("nobody hears the guest in the lobby").isLessThan(-45);
            assertThat(hostToGuest).as("admitted, the guest hears the host").isGreaterThan(-25);
            assertThat(guestToHost).as("and the host hears the guest").isGreaterThan(-25);
            assertThat(loudest(guestIn, WAITING_PROMPT)).as("no more waiting prompt").isLessThan(-45);

            double[] eveHeard = Wav.read(eve.recordingOfWhatItHeard()).mono();
            double wrongPin = loudest(eveHeard, WRONG_PIN_PROMPT);
            System.out.printf("wrong-PIN prompt heard by the guesser: %.1f dBFS over its %.1f s call%n", wrongPin,
                    eveHeard.length / 8000.0);
            assertThat(wrongPin).as("the guesser heard the wrong-PIN prompt").isGreaterThan(-30);
            assertThat(loudest(eveHeard, HOST_TONE)).as("and nothing of the room").isLessThan(-45);
            assertThat(Await.until(() -> server.server().sip().activeCalls() == 0, Duration.ofSeconds(5))).isTrue();
            assertThat(Await.until(() -> meeting.view().hostIds().isEmpty(), Duration.ofSeconds(5)))
                    .as("the host left the meeting with the call").isTrue();
        }
    }
}
