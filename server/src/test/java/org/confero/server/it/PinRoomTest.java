package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;

/**
 * A room with a PIN: a phone that dials it waits in the lobby, hearing the enter-PIN prompt (and the wrong-PIN one
 * after a wrong PIN) but neither hearing the room nor heard, until it keys the PIN (RFC 4733 digits from a real
 * baresip phone); three wrong PINs end the call.
 */
class PinRoomTest {
    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Samples of an 8 kHz recording between two offsets in seconds. */
    private static double[] slice(double[] samples, double fromSeconds, double toSeconds) {
        int from = (int) Math.max(0, fromSeconds * 8000);
        int to = (int) Math.min(samples.length, toSeconds * 8000);
        assertThat(to - from).as("recording covers %.1f-%.1f s", fromSeconds, toSeconds).isGreaterThan(2000);
        return Arrays.copyOfRange(samples, from, to);
    }

    @Test
    void phonesKeyThePinToEnterAndThreeWrongPinsHangUp() throws Exception {
        try (RunningServer server = RunningServer.start(Map.of("CONFERO_ROOM_BOARD_NAME", "Board meeting",
                "CONFERO_ROOM_BOARD_PIN", "2468"));
             BaresipPhones phones = new BaresipPhones()) {
            Metrics metrics = server.server().metrics();
            BaresipPhone ann = phones.add(BaresipPhone.builder("ann").tone(500).codecs(PhoneCodec.PCMU));
            BaresipPhone ben = phones.add(BaresipPhone.builder("ben").tone(900).codecs(PhoneCodec.PCMU));
            BaresipPhone eve = phones.add(BaresipPhone.builder("eve").tone(1300).codecs(PhoneCodec.PCMU));

            ann.dial(server.roomUri("board"));
            ann.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            long annIn = System.nanoTime();
            ann.command("sndcode", "2468#");
            assertThat(Await.until(() -> metrics.counterValue("sip_pin_accepted_total") == 1, Duration.ofSeconds(5)))
                    .as("Ann keyed the right PIN").isTrue();

            ben.dial(server.roomUri("board"));
            ben.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            long benConnected = System.nanoTime();
            assertThat(server.server().media().participantCount("board")).as("Ben is connected").isEqualTo(2);
            assertThat(server.server().media().roster("board")).as("but not yet in the meeting").hasSize(1);
            Thread.sleep(2000); // Ben waits in the lobby
            ben.command("sndcode", "1111#");
            assertThat(Await.until(() -> metrics.counterValue("sip_pin_refused_total") == 1, Duration.ofSeconds(5)))
                    .as("a wrong PIN is refused").isTrue();
            Thread.sleep(1000); // the wrong-PIN prompt plays
            long benKeysPin = System.nanoTime();
            ben.command("sndcode", "2468");
            assertThat(Await.until(() -> metrics.counterValue("sip_pin_accepted_total") == 2, Duration.ofSeconds(5)))
                    .as("the PIN alone, without #, lets Ben in").isTrue();
            assertThat(server.server().media().roster("board")).hasSize(2);
            Thread.sleep(2500);

            eve.dial(server.roomUri("board"));
            eve.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            eve.command("sndcode", "0000#");
            Thread.sleep(300);
            eve.command("sndcode", "1234#");
            Thread.sleep(300);
            eve.command("sndcode", "9999#");
            assertThat(eve.waitForEvent("CALL_CLOSED", Duration.ofSeconds(10))).as("three wrong PINs hang up")
                    .isNotNull();
            assertThat(metrics.counterValue("sip_pin_refused_total")).isEqualTo(4);

            for (BaresipPhone p : new BaresipPhone[] {ann, ben}) {
                p.hangup();
                p.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }
            long end = System.nanoTime();

            // Ann's recording runs from her admission: Ben's tone is absent while he waits, present after.
            double[] annHeard = Wav.read(ann.recordingOfWhatItHeard()).mono();
            double[] benInLobby = slice(annHeard, seconds(benConnected - annIn) + 0.3, seconds(benKeysPin - annIn));
            double[] benInRoom = slice(annHeard, seconds(benKeysPin - annIn) + 1.5, seconds(end - annIn) - 0.5);
            assertThat(ToneAnalysis.levelDbfs(benInLobby, 8000, 900)).as("nobody hears Ben in the lobby")
                    .isLessThan(-50);
            assertThat(ToneAnalysis.levelDbfs(benInRoom, 8000, 900)).as("Ann hears Ben once he is admitted")
                    .isGreaterThan(-20);
            // Ben's phone records what it receives from its answer on: the enter-PIN prompt, not the room.
            Wav benHeard = Wav.read(ben.recordingOfWhatItHeard());
            double[] benWaiting = slice(benHeard.mono(), 0.2, seconds(benKeysPin - benConnected) - 0.2);
            double enterPin = PhoneMeetingTest.loudest(benWaiting, 1000);
            double wrongPin = PhoneMeetingTest.loudest(benWaiting, 350);
            double annBeforePin = PhoneMeetingTest.loudest(benWaiting, 500);
            System.out.printf("Ben before his PIN: enter-PIN prompt %.1f dBFS, wrong-PIN prompt %.1f dBFS, Ann's"
                    + " tone %.1f dBFS (loudest 100 ms)%n", enterPin, wrongPin, annBeforePin);
            assertThat(enterPin).as("Ben hears the enter-PIN prompt").isGreaterThan(-30);
            assertThat(wrongPin).as("and the wrong-PIN one").isGreaterThan(-30);
            assertThat(annBeforePin).as("but not Ann before the PIN").isLessThan(-45);
            double[] benLast = slice(benHeard.mono(), benHeard.durationSeconds() - 2, benHeard.durationSeconds() - 0.3);
            assertThat(ToneAnalysis.levelDbfs(benLast, 8000, 500)).as("Ben hears Ann once admitted")
                    .isGreaterThan(-20);
            assertThat(Await.until(() -> server.server().sip().activeCalls() == 0, Duration.ofSeconds(5))).isTrue();
        }
    }
}
