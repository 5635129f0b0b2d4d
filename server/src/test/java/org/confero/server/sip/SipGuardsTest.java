package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.confero.server.config.GuardConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PIN guessing over SIP and lobby crowding, from one address (127.0.0.1), while a caller from another address
 * (127.0.0.2, local on Linux like all of 127/8) still gets in. Only bounds that do not depend on the machine's
 * speed are asserted (how many wrong PINs ban, how many callers one address may keep in a lobby).
 */
class SipGuardsTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private SipTestServer sip;

    @AfterEach
    void stop() {
        if (sip != null) {
            sip.close();
        }
    }

    @Test
    void pinGuessingOverSipIsBannedAndTheRightPinFromAnotherAddressStillGetsIn() throws Exception {
        sip = new SipTestServer(GuardConfig.DEFAULTS); // 10 wrong PINs ban an address
        int guesses = 0;
        int calls = 0;
        boolean banned = false;
        try (RawSipClient attacker = new RawSipClient(sip.port, "127.0.0.1");
             RawSipClient caller = new RawSipClient(sip.port, "127.0.0.2")) {
            for (int pin = 0; pin < 40 && !banned; pin += 3) {
                Optional<TestCall> call = answered(attacker, "pinned");
                if (call.isEmpty()) {
                    banned = true;
                    break;
                }
                calls++;
                for (int k = pin; k < pin + 3; k++) {
                    key(attacker, call.get(), String.format("%04d", 5000 + k)); // 4 digits end an attempt by themselves
                    guesses++;
                }
                drain(attacker);
            }
            Optional<TestCall> afterBan = answered(attacker, "pinned");
            System.out.printf("SIP PIN guessing: %d guesses in %d calls, then banned=%s; %d bans%n", guesses, calls,
                    afterBan.isEmpty(), sip.counter("confero_guard_bans_total"));
            assertThat(afterBan).as("the guessing address is ignored").isEmpty();
            assertThat(guesses).as("guesses before the ban").isEqualTo(12); // 4 calls of 3, the 10th wrong bans
            assertThat(sip.counter("confero_pin_failures_total")).isEqualTo(10);
            assertThat(sip.counter("confero_guard_bans_total")).isEqualTo(1);

            TestCall real = answered(caller, "pinned").orElseThrow(() -> new AssertionError("real caller refused"));
            key(caller, real, "1234");
            Await.until("right PIN from another address admitted", () -> sip.counter("sip_pin_accepted_total") == 1);
            assertThat(sip.media.roster("pinned")).hasSize(1);
        }
    }

    @Test
    void sixtyLobbyCallersFromOneAddressDoNotKeepARealCallerOut() throws Exception {
        sip = new SipTestServer(GuardConfig.DEFAULTS); // room "smallpin": 2 seats; lobby 20 per room, 5 per address
        try (RawSipClient crowd = new RawSipClient(sip.port, "127.0.0.1");
             RawSipClient caller = new RawSipClient(sip.port, "127.0.0.2");
             RawSipClient second = new RawSipClient(sip.port, "127.0.0.3")) {
            Map<String, Integer> statusByCall = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                TestCall c = new TestCall(crowd, sip.port, "smallpin");
                c.invite(TestCall.pcmuOffer(40_000 + 2 * i, null));
                statusByCall.put(c.callId, 0);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                // Quiet for 1.5 s: everything that will be answered was (the 40 over the rate never are).
                Optional<SipText> m = crowd.receive(Duration.ofMillis(1500));
                if (m.isEmpty()) {
                    break;
                }
                if (m.get().isResponse() && m.get().status() >= 200) {
                    statusByCall.put(m.get().header("call-id"), m.get().status());
                }
            }
            long waiting = statusByCall.values().stream().filter(s -> s == 200).count();
            long busy = statusByCall.values().stream().filter(s -> s == 486).count();
            long unanswered = statusByCall.values().stream().filter(s -> s == 0).count();
            System.out.printf("lobby crowd: 60 INVITEs -> %d waiting in the lobby, %d busy (486), %d dropped (rate)%n",
                    waiting, busy, unanswered);
            assertThat(waiting).as("one address's share of the lobby").isEqualTo(5);
            // 20 INVITEs pass at once (twice the rate of 10/s), a few more as the bucket refills during the burst.
            assertThat(busy).as("over the address's lobby share: 486").isGreaterThanOrEqualTo(15);
            assertThat(unanswered).as("over the INVITE rate: dropped unanswered").isGreaterThan(20);
            assertThat(sip.counter("confero_lobby_refused_total")).isEqualTo(busy);

            for (RawSipClient real : new RawSipClient[] {caller, second}) {
                TestCall call = answered(real, "smallpin").orElseThrow(() -> new AssertionError("real caller refused"));
                key(real, call, "1234");
            }
            Await.until("both real callers admitted", () -> sip.counter("sip_pin_accepted_total") == 2);
            assertThat(sip.media.roster("smallpin")).as("the two seats are the real callers'").hasSize(2);
            assertThat(sip.media.participantCount("smallpin")).as("the crowd still waits, seatless").isEqualTo(7);
        }
    }

    /** Places a call and confirms it; empty when no 200 came (refused, or dropped unanswered). */
    private Optional<TestCall> answered(RawSipClient client, String room) throws IOException {
        TestCall call = new TestCall(client, sip.port, room);
        call.invite(TestCall.pcmuOffer(40_000, null));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SipText> m = client.receive(Duration.ofMillis(1000));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            SipText r = m.get();
            if (!r.isResponse()) {
                if ("BYE".equals(r.method())) {
                    client.answerOk(r);
                }
                continue;
            }
            if (r.status() >= 200 && call.callId.equals(r.header("call-id"))) {
                if (r.status() != 200) {
                    return Optional.empty();
                }
                org.confero.server.sdp.SdpAssertions.assertStrictlyValid(r.body());
                call.answered(r);
                call.ack();
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }

    /**
     * Keys digits by SIP INFO (application/dtmf), one request per digit, each after the previous one's answer as
     * RFC 6086 §4.2.2 asks (so they are handled in order). A hung-up or banned call answers no more.
     */
    private static void key(RawSipClient client, TestCall call, String digits) throws IOException {
        for (char d : digits.toCharArray()) {
            call.info("application/dtmf", Character.toString(d));
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < deadline) {
                Optional<SipText> m = client.receive(Duration.ofMillis(500));
                if (m.isEmpty()) {
                    break;
                }
                if (!m.get().isResponse()) {
                    if ("BYE".equals(m.get().method())) {
                        client.answerOk(m.get());
                    }
                    continue;
                }
                if (m.get().header("cseq").endsWith("INFO") && m.get().status() >= 200) {
                    break;
                }
            }
        }
    }

    /** Reads what came back (INFO answers, the server's BYE after the third wrong PIN) and answers BYEs. */
    private static void drain(RawSipClient client) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SipText> m = client.receive(Duration.ofMillis(300));
            if (m.isEmpty()) {
                return;
            }
            if (!m.get().isResponse() && "BYE".equals(m.get().method())) {
                client.answerOk(m.get());
            }
        }
    }
}
