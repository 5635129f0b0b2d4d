package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIPp against the real server's registrar, proxy, redirect and presence: the scenarios under
 * {@code sipp/proxy/} check every answer (status codes, contacts, PIDF bodies) and fail the run on any other.
 */
@Timeout(120)
class SippProxyTest {
    private static final Duration SIGNALLING = Duration.ofSeconds(10);
    private static final Map<String, String> PASSWORDS = Map.of("alice_password", "alice-secret",
            "bob_password", "bob-secret");

    private static RunningServer start(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("CONFERO_USER_ALICE_PASSWORD", "alice-secret",
                "CONFERO_USER_BOB_PASSWORD", "bob-secret",
                // SIPp 3.6 and baresip 1.0 answer MD5 challenges only
                "CONFERO_SIP_DIGEST_ALGORITHMS", "MD5"));
        env.putAll(extra);
        return RunningServer.start(env);
    }

    @Test
    void aRedirectedUserIsAnswered302WithEveryRegisteredContact() {
        try (RunningServer server = start(Map.of("CONFERO_USER_BOB_REDIRECT", "true"))) {
            SippRunner.Result result = SippRunner.resourceScenario("sipp/proxy/redirect.xml", PASSWORDS)
                    .target(server.sipPort()).args("-m", "1").timeout(Duration.ofSeconds(20)).run();

            assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            assertThat(server.server().sip().registrations().bindings("sip:bob@127.0.0.1"))
                    .as("Contact: * removed both").isEmpty();
        }
    }

    /**
     * The in-dialog half of a proxied call between two SIPp phones that keep the route set: the 200 carries
     * Confero's Record-Route (with its dialog token), and the caller's ACK and BYE, sent to Confero with it as
     * Route, reach the callee relayed by Confero (its Via on top, Max-Forwards 69).
     */
    @Test
    void ackAndByeOfAProxiedCallFollowTheRecordRouteToTheCallee() {
        try (RunningServer server = start(Map.of())) {
            int port = server.sipPort();
            Map<String, String> values = Map.of("confero_port", Integer.toString(port));
            try (SippRunner.Running callee = SippRunner.resourceScenario("sipp/proxy/callee-rr.xml", values)
                    .args("-m", "1").timeout(Duration.ofSeconds(30)).start()) {
                SippRunner.Result registered = SippRunner.resourceScenario("sipp/proxy/register-contact.xml")
                        .target(port).args("-m", "1", "-key", "user", "bob", "-key", "contact",
                                "sip:bob@127.0.0.1:" + callee.localPort(), "-au", "bob", "-ap", "bob-secret")
                        .timeout(Duration.ofSeconds(10)).run();
                assertThat(registered.allCallsSucceeded()).as(registered.outputTail()).isTrue();

                SippRunner.Result caller = SippRunner.resourceScenario("sipp/proxy/caller-rr.xml", values)
                        .target(port).args("-m", "1", "-s", "bob", "-key", "caller", "alice", "-au", "alice",
                                "-ap", "alice-secret").timeout(Duration.ofSeconds(20)).run();
                assertThat(caller.allCallsSucceeded()).as(caller.outputTail()).isTrue();
                SippRunner.Result answered = callee.awaitResult(Duration.ofSeconds(10));
                assertThat(answered.allCallsSucceeded()).as("the callee got ACK and BYE through Confero: "
                        + answered.outputTail()).isTrue();
            }
        }
    }

    @Test
    void badInputIsRefusedAndNoBindingIsLost() {
        try (RunningServer server = start(Map.of())) {
            SippRunner.Result result = SippRunner.resourceScenario("sipp/proxy/bad-input.xml", PASSWORDS)
                    .target(server.sipPort()).args("-m", "1").timeout(Duration.ofSeconds(30)).run();

            assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            var sip = server.server().sip();
            assertThat(sip.registrations().bindings("sip:alice@127.0.0.1")).singleElement()
                    .satisfies(b -> assertThat(b.expiresAtMillis() - System.currentTimeMillis())
                            .as("a billion seconds capped at an hour").isBetween(3_500_000L, 3_600_000L));
            assertThat(sip.registrations().bindings("sip:bob@127.0.0.1")).hasSize(1);
            assertThat(sip.activeCalls()).isZero();
        }
    }

    @Test
    void aWatcherIsNotifiedAsBobRegistersCallsAndUnregisters() throws Exception {
        try (RunningServer server = start(Map.of());
             SippRunner.Running watcher = SippRunner.resourceScenario("sipp/proxy/presence-watcher.xml", PASSWORDS)
                     .target(server.sipPort()).args("-m", "1").timeout(Duration.ofSeconds(60)).start()) {
            int port = server.sipPort();
            assertThat(Await.until(() -> server.server().sip().presenceSubscriptions() == 1, SIGNALLING))
                    .as("alice's subscription is open").isTrue();
            try (BaresipPhone alice = BaresipPhone.builder("alice").tone(700).autoAnswer()
                    .registerWith("alice", "alice-secret", port).start()) {
                alice.waitForEvent("REGISTER_OK", SIGNALLING);
                BaresipPhone bob = BaresipPhone.builder("bob").tone(1100).registerWith("bob", "bob-secret", port)
                        .start();
                try (bob) {
                    bob.waitForEvent("REGISTER_OK", SIGNALLING);
                    bob.dial("sip:alice@127.0.0.1:" + port);
                    bob.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
                    bob.hangup();
                    bob.waitForEvent("CALL_CLOSED", SIGNALLING);
                    assertThat(bob.quit()).as("bob quits (and unregisters)").isTrue();
                }
                SippRunner.Result result = watcher.awaitResult(Duration.ofSeconds(30));
                assertThat(result.allCallsSucceeded()).as(result.outputTail()).isTrue();
            }
            assertThat(server.server().sip().presenceSubscriptions()).isZero();
        }
    }
}
