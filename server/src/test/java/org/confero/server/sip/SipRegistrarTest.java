package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SipRegistrarTest {
    private static final Duration WAIT = Duration.ofSeconds(3);

    private SipTestServer sip;
    private RawSipClient phone;
    private int cseq = 1;
    private final String callId = "reg-" + System.nanoTime();

    @BeforeEach
    void start() throws IOException {
        sip = new SipTestServer();
        phone = new RawSipClient(sip.port);
    }

    @AfterEach
    void stop() {
        phone.close();
        sip.close();
    }

    @Test
    void registerIsChallengedWithSha256FirstThenMd5() throws IOException {
        SipText challenge = register("alice", null, "<sip:alice@127.0.0.1:5555>", "Expires: 600");
        assertThat(challenge.status()).isEqualTo(401);
        List<String> offers = challenge.all("www-authenticate");
        assertThat(offers).hasSize(2);
        assertThat(offers.get(0)).contains("algorithm=SHA-256").contains("qop=\"auth\"").contains("realm=\"confero.test\"");
        assertThat(offers.get(1)).contains("algorithm=MD5");
        assertThat(SipText.authParam(offers.get(0), "nonce")).isEqualTo(SipText.authParam(offers.get(1), "nonce"));
    }

    @Test
    void registerWithSha256DigestBindsSeveralContactsAndListsThem() throws Exception {
        SipText ok = authenticated("alice", "wonderland", "SHA-256", "<sip:alice@127.0.0.1:5555>", "Expires: 600");
        assertThat(ok.status()).isEqualTo(200);
        ok = authenticated("alice", "wonderland", "SHA-256", "<sip:alice@127.0.0.1:6666>;expires=300", "Expires: 600");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(String.join(",", ok.all("contact"))).contains("sip:alice@127.0.0.1:5555", "sip:alice@127.0.0.1:6666",
                "expires=300", "expires=600");
        assertThat(sip.server.registrations().bindings("sip:alice@confero.test")).hasSize(2);
    }

    @Test
    void md5DigestWorksAndWildcardWithExpiresZeroRemovesAllBindings() throws Exception {
        assertThat(authenticated("bob", "builder", "MD5", "<sip:bob@127.0.0.1:7777>", "Expires: 600").status())
                .isEqualTo(200);
        assertThat(sip.server.registrations().bindings("sip:bob@confero.test")).hasSize(1);
        SipText removed = authenticated("bob", "builder", "MD5", "*", "Expires: 0");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.all("contact")).isEmpty();
        assertThat(sip.server.registrations().bindings("sip:bob@confero.test")).isEmpty();
    }

    @Test
    void tooBriefExpiryIsAnswered423WithMinExpires() throws Exception {
        SipText r = authenticated("alice", "wonderland", "MD5", "<sip:alice@127.0.0.1:5555>", "Expires: 10");
        assertThat(r.status()).isEqualTo(423);
        assertThat(r.header("min-expires")).isEqualTo("60");
    }

    @Test
    void expiredNonceIsAnsweredStaleAndAFreshOneWorks() throws Exception {
        SipText challenge = register("alice", null, "<sip:alice@127.0.0.1:5555>", "Expires: 600");
        sip.clock.advance(Duration.ofSeconds(61)); // nonce lifetime 60 s
        String auth = authorization("alice", "wonderland", "SHA-256", challenge.all("www-authenticate").get(0));
        SipText stale = register("alice", auth, "<sip:alice@127.0.0.1:5555>", "Expires: 600");
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.header("www-authenticate")).contains("stale=true");
        String fresh = authorization("alice", "wonderland", "SHA-256", stale.all("www-authenticate").get(0));
        assertThat(register("alice", fresh, "<sip:alice@127.0.0.1:5555>", "Expires: 600").status()).isEqualTo(200);
        assertThat(sip.counter("sip_auth_failures_total")).isZero();
    }

    @Test
    void replayedNonceCountIsRefused() throws Exception {
        SipText challenge = register("alice", null, "<sip:alice@127.0.0.1:5555>", "Expires: 600");
        String auth = authorization("alice", "wonderland", "MD5", challenge.all("www-authenticate").get(1));
        assertThat(register("alice", auth, "<sip:alice@127.0.0.1:5555>", "Expires: 600").status()).isEqualTo(200);
        assertThat(register("alice", auth, "<sip:alice@127.0.0.1:5555>", "Expires: 600").status()).isEqualTo(401);
        assertThat(sip.counter("sip_auth_failures_total")).isEqualTo(1);
    }

    @Test
    void repeatedWrongPasswordsLockTheSourceOutWith403() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(authenticated("alice", "guess" + i, "MD5", "<sip:alice@127.0.0.1:5555>", "Expires: 600").status())
                    .isEqualTo(401);
        }
        assertThat(authenticated("alice", "guess3", "MD5", "<sip:alice@127.0.0.1:5555>", "Expires: 600").status())
                .isEqualTo(403);
        // Locked out and banned: even the right password goes unanswered for a while.
        phone.send(registerMessage("alice", null, "<sip:alice@127.0.0.1:5555>", "Expires: 600"));
        assertThat(phone.receive(Duration.ofMillis(800))).as("a banned source's REGISTER is dropped").isEmpty();
        assertThat(sip.counter("sip_auth_lockouts_total")).isEqualTo(1);
        assertThat(sip.counter("sip_auth_failures_total")).isEqualTo(3);
        sip.clock.advance(Duration.ofMinutes(2));
        assertThat(authenticated("alice", "wonderland", "MD5", "<sip:alice@127.0.0.1:5555>", "Expires: 600").status())
                .isEqualTo(200);
    }

    /** Challenge, then answer it with the given algorithm. */
    private SipText authenticated(String user, String password, String algorithm, String contact, String expires)
            throws Exception {
        SipText challenge = register(user, null, contact, expires);
        assertThat(challenge.status()).isIn(401, 403);
        if (challenge.status() == 403) {
            return challenge;
        }
        String offer = challenge.all("www-authenticate").stream().filter(h -> h.contains("algorithm=" + algorithm))
                .findFirst().orElseThrow();
        return register(user, authorization(user, password, algorithm, offer), contact, expires);
    }

    /** RFC 7616 §3.4.1 computed here independently of the server's code. */
    private String authorization(String user, String password, String algorithm, String challenge) throws Exception {
        String realm = SipText.authParam(challenge, "realm");
        String nonce = SipText.authParam(challenge, "nonce");
        String uri = "sip:127.0.0.1:" + sip.port;
        String cnonce = "c" + System.nanoTime();
        String nc = "00000001";
        String ha1 = hash(algorithm, user + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, "REGISTER:" + uri);
        String response = hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Authorization: Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + algorithm
                + ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
    }

    private static String hash(String algorithm, String s) throws Exception {
        MessageDigest md = MessageDigest.getInstance(algorithm.equals("MD5") ? "MD5" : "SHA-256");
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private SipText register(String user, String authorization, String contact, String expires) throws IOException {
        phone.send(registerMessage(user, authorization, contact, expires));
        return phone.response(200, WAIT);
    }

    private String registerMessage(String user, String authorization, String contact, String expires) {
        return "REGISTER sip:127.0.0.1:" + sip.port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=" + RawSipClient.branch() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@confero.test>;tag=r1\r\n"
                + "To: <sip:" + user + "@confero.test>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq++ + " REGISTER\r\n"
                + "Contact: " + contact + "\r\n"
                + expires + "\r\n"
                + (authorization == null ? "" : authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }
}
