package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registrar against the digest attacks of issue 12: RFC 2069 downgrade, replay from another address, lock-out
 * bypass by interleaving another account's logins, and lock-out abuse by failures forged from the victim's
 * address. 127.0.0.2 plays the other address (every 127/8 address is local on Linux).
 */
class DigestHardeningTest {
    private static final Duration WAIT = Duration.ofSeconds(3);
    private SipTestServer sip;
    private RawSipClient victim;
    private RawSipClient attacker;
    private int cseq = 1;

    @BeforeEach
    void start() throws IOException {
        sip = new SipTestServer(); // 3 failures from one source lock it out for a minute
        victim = new RawSipClient(sip.port, "127.0.0.1");
        attacker = new RawSipClient(sip.port, "127.0.0.2");
    }

    @AfterEach
    void stop() {
        victim.close();
        attacker.close();
        sip.close();
    }

    @Test
    void aResponseWithoutQopIsRefused() throws Exception {
        String nonce = challenge(victim, "alice");
        SipText r = send(victim, "alice", authorization("alice", "wonderland", nonce, null, null), "5555");
        assertThat(r.status()).as("RFC 2069 response (no qop)").isEqualTo(401);
        assertThat(sip.server.registrations().bindings("sip:alice@confero.test")).isEmpty();
        assertThat(sip.counter("sip_auth_failures_total")).isEqualTo(1);
    }

    @Test
    void aCapturedLoginReplayedFromAnotherAddressIsRefused() throws Exception {
        String nonce = challenge(victim, "alice");
        assertThat(send(victim, "alice", authorization("alice", "wonderland", nonce, "00000001", "c1"), "5555")
                .status()).isEqualTo(200);
        // The attacker saw that exchange and replays it (with a higher count, too) from its own address.
        for (String nc : new String[] {"00000001", "00000002"}) {
            SipText r = send(attacker, "alice", authorization("alice", "wonderland", nonce, nc, "c1"), "6666");
            assertThat(r.status()).as("replay with nc=%s from another address", nc).isEqualTo(401);
        }
        assertThat(sip.server.registrations().bindings("sip:alice@confero.test")).hasSize(1)
                .allSatisfy(b -> assertThat(b.contact()).contains("5555"));
        assertThat(sip.counter("sip_auth_failures_total")).as("a foreign nonce counts against nobody").isZero();
    }

    @Test
    void interleavingGuessesWithAnotherAccountsLoginsIsStillLockedOut() throws Exception {
        int answered = 0;
        for (int i = 0; i < 10; i++) {
            String nonce = challengeOrNothing(attacker, "alice");
            if (nonce == null) {
                break; // banned: nothing answers any more
            }
            SipText guess = send(attacker, "alice", authorization("alice", "guess" + i, nonce, "00000001", "g" + i),
                    "6666");
            answered++;
            if (guess.status() == 403) {
                break;
            }
            String own = challengeOrNothing(attacker, "bob");
            if (own == null) {
                break;
            }
            assertThat(send(attacker, "bob", authorization("bob", "builder", own, "00000001", "b" + i), "7777")
                    .status()).as("the attacker's own account logs in").isEqualTo(200);
        }
        System.out.printf("digest: %d guesses answered before the lock-out%n", answered);
        assertThat(answered).as("guesses before the lock-out").isEqualTo(3);
        assertThat(sip.counter("sip_auth_lockouts_total")).isEqualTo(1);
        assertThat(challengeOrNothing(attacker, "alice")).as("the locked-out source is ignored").isNull();
        // The victim, on her own address, is not affected.
        String nonce = challenge(victim, "alice");
        assertThat(send(victim, "alice", authorization("alice", "wonderland", nonce, "00000001", "v"), "5555")
                .status()).isEqualTo(200);
    }

    @Test
    void failuresForgedWithTheVictimsNonceDoNotLockTheVictimOut() throws Exception {
        // The attacker sends "from" elsewhere with nonces issued to the victim's address (as a spoofer would have
        // to): none of it counts.
        for (int i = 0; i < 6; i++) {
            String victimsNonce = challenge(victim, "alice");
            SipText r = send(attacker, "alice", authorization("alice", "wrong" + i, victimsNonce, "00000001", "f" + i),
                    "6666");
            assertThat(r.status()).isEqualTo(401);
        }
        assertThat(sip.counter("sip_auth_failures_total")).isZero();
        assertThat(sip.counter("sip_auth_lockouts_total")).isZero();
        String nonce = challenge(victim, "alice");
        assertThat(send(victim, "alice", authorization("alice", "wonderland", nonce, "00000001", "v"), "5555")
                .status()).isEqualTo(200);
    }

    private String challenge(RawSipClient from, String user) throws IOException {
        String nonce = challengeOrNothing(from, user);
        assertThat(nonce).as("a challenge for %s", user).isNotNull();
        return nonce;
    }

    /** The MD5 challenge's nonce, or null when nothing (or a 403) came back. */
    private String challengeOrNothing(RawSipClient from, String user) throws IOException {
        from.send(register(from, user, null, "5555"));
        Optional<SipText> r = firstFinal(from);
        if (r.isEmpty() || r.get().status() != 401) {
            return null;
        }
        return SipText.authParam(r.get().all("www-authenticate").get(0), "nonce");
    }

    private SipText send(RawSipClient from, String user, String authorization, String contactPort) throws IOException {
        from.send(register(from, user, authorization, contactPort));
        return firstFinal(from).orElseThrow(() -> new AssertionError("no answer"));
    }

    private static Optional<SipText> firstFinal(RawSipClient from) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SipText> m = from.receive(Duration.ofMillis(Math.min(800, (deadline - System.nanoTime()) / 1_000_000 + 1)));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            if (m.get().isResponse() && m.get().status() >= 200) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** RFC 7616 §3.4.1 with MD5; without qop (nc null) the RFC 2069 form. */
    private String authorization(String user, String password, String nonce, String nc, String cnonce)
            throws Exception {
        String uri = "sip:127.0.0.1:" + sip.port;
        String ha1 = md5(user + ":confero.test:" + password);
        String ha2 = md5("REGISTER:" + uri);
        String common = "Authorization: Digest username=\"" + user + "\", realm=\"confero.test\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", algorithm=MD5";
        if (nc == null) {
            return common + ", response=\"" + md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
        }
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return common + ", response=\"" + response + "\", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private String register(RawSipClient from, String user, String authorization, String contactPort) {
        String host = from.localAddress();
        return "REGISTER sip:127.0.0.1:" + sip.port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + from.port() + ";branch=" + RawSipClient.branch() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@confero.test>;tag=r" + cseq + "\r\n"
                + "To: <sip:" + user + "@confero.test>\r\n"
                + "Call-ID: digest-" + user + "-" + host + "\r\n"
                + "CSeq: " + cseq++ + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + host + ":" + contactPort + ">\r\n"
                + "Expires: 600\r\n"
                + (authorization == null ? "" : authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }
}
