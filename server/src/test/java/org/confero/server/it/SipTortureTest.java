package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.confero.server.peers.BaresipPhone;
import org.confero.server.peers.BaresipPhones;
import org.confero.server.peers.ToneAnalysis;
import org.confero.server.peers.Wav;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475's torture messages, each sent over UDP and (where TCP framing allows) TCP from another loopback address
 * to the real server while two phones talk in a room: valid messages get the answer RFC 3261 gives them, invalid
 * ones a 400 or nothing, stray responses are dropped, nothing throws, and the phones hear each other throughout.
 */
class SipTortureTest {
    private static final int DROPPED = 0;
    private static final Pattern STATUS = Pattern.compile("(?m)^SIP/2\\.0 (\\d{3}) ");
    private static final String ATTACKER = "127.0.0.2";
    /** Confero is no proxy: a request for a host or domain it does not serve is refused, never relayed. */
    private static final int FOREIGN = 403;
    /**
     * RFC 3261 §8.2.2.2: the TCP copy of an INVITE already sent over UDP (same From tag, Call-ID and CSeq, new
     * branch) is a merged request while the first transaction lives.
     */
    private static final int MERGED = 482;

    /** What RFC 4475 (and RFC 3261 for a UAS and registrar) expects; 0 is "no answer". */
    private record Case(String name, String section, boolean valid, boolean tcp, Set<Integer> acceptable) {}

    private static final List<Case> CASES = List.of(
            new Case("wsinv", "3.1.1.1", true, false, Set.of(481)), // in-dialog (To tag) for a dialog we do not have
            new Case("intmeth", "3.1.1.2", true, false, Set.of(405, 501)),
            new Case("esc01", "3.1.1.3", true, true, Set.of(404, FOREIGN)),
            new Case("escnull", "3.1.1.4", true, true, Set.of(401, FOREIGN, 404)),
            new Case("esc02", "3.1.1.5", true, false, Set.of(405, 501)),
            new Case("lwsdisp", "3.1.1.6", true, true, Set.of(200)),
            new Case("longreq", "3.1.1.7", true, false, Set.of(404, FOREIGN)),
            new Case("dblreq", "3.1.1.8", true, false, Set.of(401, FOREIGN, 404)), // trailing INVITE ignored
            new Case("semiuri", "3.1.1.9", true, true, Set.of(200, 404)),
            new Case("transports", "3.1.1.10", true, true, Set.of(200)),
            new Case("unreason", "3.1.1.12", true, false, Set.of(DROPPED)), // a response to no request of ours
            new Case("noreason", "3.1.1.13", true, false, Set.of(DROPPED)),
            new Case("badinv01", "3.1.2.1", false, true, Set.of(400, DROPPED)),
            new Case("clerr", "3.1.2.2", false, false, Set.of(400, DROPPED)),
            new Case("ncl", "3.1.2.3", false, false, Set.of(400, DROPPED)),
            new Case("scalar02", "3.1.2.4", false, true, Set.of(400, DROPPED)),
            new Case("scalarlg", "3.1.2.5", false, false, Set.of(DROPPED)),
            new Case("quotbal", "3.1.2.6", false, true, Set.of(400, DROPPED)),
            new Case("ltgtruri", "3.1.2.7", false, true, Set.of(400, DROPPED)),
            new Case("lwsruri", "3.1.2.8", false, true, Set.of(400, DROPPED)),
            new Case("lwsstart", "3.1.2.9", false, true, Set.of(400, DROPPED, FOREIGN)), // may be liberal
            new Case("trws", "3.1.2.10", false, true, Set.of(400, DROPPED, 200)), // may be liberal
            new Case("escruri", "3.1.2.11", false, true, Set.of(400, DROPPED, FOREIGN)),
            new Case("baddate", "3.1.2.12", false, true, Set.of(400, DROPPED, FOREIGN)),
            new Case("regbadct", "3.1.2.13", false, true, Set.of(400, DROPPED, FOREIGN)),
            new Case("badaspec", "3.1.2.14", false, true, Set.of(400, DROPPED, 200)), // may be liberal
            new Case("baddn", "3.1.2.15", false, true, Set.of(400, DROPPED, 200)), // may be liberal
            new Case("badvers", "3.1.2.16", false, true, Set.of(400, DROPPED)),
            new Case("mismatch01", "3.1.2.17", false, true, Set.of(400, DROPPED)),
            new Case("mismatch02", "3.1.2.18", false, true, Set.of(400, DROPPED)),
            new Case("bigcode", "3.1.2.19", false, false, Set.of(DROPPED)),
            new Case("badbranch", "3.2.1", true, false, Set.of(200)),
            new Case("insuf", "3.3.1", false, true, Set.of(400, DROPPED)),
            new Case("unkscm", "3.3.2", true, true, Set.of(416)),
            new Case("novelsc", "3.3.3", true, true, Set.of(416)),
            new Case("unksm2", "3.3.4", true, true, Set.of(400, 416, FOREIGN)),
            new Case("bext01", "3.3.5", true, true, Set.of(420)),
            new Case("invut", "3.3.6", true, true, Set.of(415, 404, FOREIGN)),
            new Case("regaut01", "3.3.7", true, true, Set.of(401, FOREIGN, 404)),
            new Case("multi01", "3.3.8", false, true, Set.of(400, DROPPED)),
            new Case("mcl01", "3.3.9", false, false, Set.of(400, DROPPED)),
            new Case("bcast", "3.3.10", true, false, Set.of(DROPPED)),
            new Case("zeromf", "3.3.11", true, true, Set.of(200, 483)),
            new Case("cparam01", "3.3.12", true, true, Set.of(401, FOREIGN, 404)),
            new Case("cparam02", "3.3.13", true, true, Set.of(401, FOREIGN, 404)),
            new Case("regescrt", "3.3.14", true, true, Set.of(400, 401, FOREIGN, 404)),
            new Case("sdp01", "3.3.15", true, true, Set.of(406, 404, FOREIGN)),
            new Case("inv2543", "3.4.1", true, false, Set.of(404, 400))); // 400: Confero needs a Contact

    private record Outcome(Case c, String transport, int status, long millis) {
        boolean acceptable() {
            return c.acceptable().contains(status)
                    || (transport.equals("tcp") && status == MERGED && c.acceptable().stream().anyMatch(s -> s > 0));
        }
    }

    @Test
    void tortureMessagesGetSensibleAnswersWhileACallGoesOn() throws Exception {
        try (RunningServer server = RunningServer.start(); BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone a = phones.add(BaresipPhone.builder("torture-a").tone(500).codecs(PhoneCodec.PCMU));
            BaresipPhone b = phones.add(BaresipPhone.builder("torture-b").tone(900).codecs(PhoneCodec.PCMU));
            for (BaresipPhone p : phones.all()) {
                p.dial(server.roomUri("demo"));
                p.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            }
            Thread.sleep(1000);

            long started = System.nanoTime();
            List<Outcome> outcomes = new ArrayList<>();
            for (Case c : CASES) {
                outcomes.add(overUdp(server.sipPort(), c));
                if (c.tcp()) {
                    outcomes.add(overTcp(server.sipPort(), c));
                }
            }
            long tortureMillis = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(1000);
            assertThat(Await.until(() -> optionsAnswered(server.sipPort()), Duration.ofSeconds(3)))
                    .as("the server still answers OPTIONS").isTrue();
            assertThat(server.server().sip().activeCalls()).as("the two phones' calls are still up").isEqualTo(2);
            for (BaresipPhone p : phones.all()) {
                p.hangup();
                p.waitForEvent("CALL_CLOSED", Duration.ofSeconds(5));
            }

            System.out.printf("RFC 4475 torture: %d sends in %d ms%n%-11s %-9s %-7s %-4s %-6s %s%n", outcomes.size(),
                    tortureMillis, "message", "section", "kind", "via", "answer", "acceptable");
            for (Outcome o : outcomes) {
                System.out.printf("%-11s %-9s %-7s %-4s %-6s %s%s%n", o.c().name(), o.c().section(),
                        o.c().valid() ? "valid" : "invalid", o.transport(), o.status() == DROPPED ? "none" : o.status(),
                        o.c().acceptable(), o.acceptable() ? "" : "  <-- WRONG");
            }
            assertThat(outcomes).as("every torture message got an answer RFC 4475 allows")
                    .allMatch(Outcome::acceptable);

            double window = tortureMillis + 1000;
            assertThat(levelDuring(a, 900, window)).as("phone A heard B all through the torture").isGreaterThan(-20);
            assertThat(levelDuring(b, 500, window)).as("phone B heard A all through the torture").isGreaterThan(-20);
            Metrics metrics = server.server().metrics();
            assertThat(metrics.counterValue("sip_handler_errors_total")).as("no handler threw").isZero();
            assertThat(Await.until(() -> server.server().sip().activeCalls() == 0, Duration.ofSeconds(5))).isTrue();
            assertThat(server.server().media().openLegCount()).isZero();
        }
    }

    private static Outcome overUdp(int port, Case c) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ATTACKER, 0))) {
            byte[] message = TortureMessages.render(c.name(), "UDP", ATTACKER + ":" + socket.getLocalPort(), "-u" + c.name());
            long start = System.nanoTime();
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
            StringBuilder received = new StringBuilder();
            byte[] buf = new byte[65_535];
            long deadline = start + wait(c).toNanos();
            int status;
            while ((status = finalStatus(received)) == DROPPED && System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                received.append(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
            }
            return new Outcome(c, "udp", status, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static Outcome overTcp(int port, Case c) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(ATTACKER, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            byte[] message = TortureMessages.render(c.name(), "TCP", ATTACKER + ":" + socket.getLocalPort(), "-t" + c.name());
            long start = System.nanoTime();
            socket.getOutputStream().write(message);
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buf = new byte[8192];
            long deadline = start + wait(c).toNanos();
            int status;
            while ((status = finalStatus(received)) == DROPPED && System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return new Outcome(c, "tcp", status, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Long enough for an answer; a message that may be dropped costs this wait. */
    private static Duration wait(Case c) {
        return c.acceptable().contains(DROPPED) ? Duration.ofMillis(700) : Duration.ofSeconds(3);
    }

    private static int finalStatus(CharSequence received) {
        Matcher m = STATUS.matcher(received);
        while (m.find()) {
            int status = Integer.parseInt(m.group(1));
            if (status >= 200) {
                return status;
            }
        }
        return DROPPED;
    }

    private static boolean optionsAnswered(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK" + System.nanoTime()
                    + "\r\nMax-Forwards: 70\r\nFrom: <sip:p@127.0.0.1>;tag=p\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: probe-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            byte[] bytes = options.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(1000);
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8).startsWith("SIP/2.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** The weakest level of {@code tone} in any half second of the last {@code millis} of what the phone heard. */
    private static double levelDuring(BaresipPhone phone, int tone, double millis) {
        Wav wav = Wav.read(phone.recordingOfWhatItHeard());
        long skip = Math.max(0, (long) (wav.durationSeconds() * 1000 - millis));
        double[] part = ToneAnalysis.steadyPart(wav, Duration.ofMillis(skip), Duration.ofMillis(200));
        return ToneAnalysis.weakestLevelDbfs(part, wav.sampleRate(), tone, Duration.ofMillis(500));
    }
}
