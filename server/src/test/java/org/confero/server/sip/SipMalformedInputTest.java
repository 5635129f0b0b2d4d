package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file of {@code sip-corpus/} is sent over UDP; its name says what must come back:
 * {@code .expect-400.}, {@code .expect-405.} or {@code .expect-drop.} (no answer). Every one is counted.
 */
class SipMalformedInputTest {
    private static SipTestServer sip;

    @BeforeAll
    static void start() throws IOException {
        sip = new SipTestServer();
    }

    @AfterAll
    static void stop() {
        sip.close();
    }

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(SipMalformedInputTest.class.getResource("/sip-corpus").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.sorted().toList();
            assertThat(sorted).hasSizeGreaterThanOrEqualTo(10);
            return sorted.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badMessageGetsTheRightAnswerAndIsCounted(Path file) throws Exception {
        long before = badInputCount();
        String name = file.getFileName().toString();
        String expected = name.replaceAll(".*\\.expect-([a-z0-9]+)\\..*", "$1");
        try (RawSipClient client = new RawSipClient(sip.port)) {
            client.sendRaw(render(file, client.port()));
            Optional<SipText> answer = client.receive(Duration.ofMillis(expected.equals("drop") ? 700 : 3000));
            if (expected.equals("drop")) {
                assertThat(answer).as("no answer to %s", name).isEmpty();
            } else {
                assertThat(answer).as("an answer to %s", name).isPresent();
                assertThat(answer.get().status()).isEqualTo(Integer.parseInt(expected));
            }
        }
        Await.until("bad input counted", () -> badInputCount() > before, 2000);
        assertServerStillAnswersOptions();
        assertThat(sip.counter("sip_handler_errors_total")).as("no handler threw").isZero();
        assertThat(sip.server.activeCalls()).isZero();
    }

    @Test
    void floodOfGarbageLeavesTheServerAnswering() throws Exception {
        long before = sip.counter("sip_unparseable_messages_total");
        byte[] garbage = new byte[512];
        try (RawSipClient client = new RawSipClient(sip.port)) {
            for (int i = 0; i < 200; i++) {
                new java.util.Random(i).nextBytes(garbage);
                client.sendRaw(garbage);
            }
        }
        Await.until("garbage counted", () -> sip.counter("sip_unparseable_messages_total") >= before + 150, 5000);
        assertServerStillAnswersOptions();
    }

    private static long badInputCount() {
        return sip.counter("sip_unparseable_messages_total") + sip.counter("sip_error_responses_total");
    }

    private static byte[] render(Path file, int clientPort) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (file.toString().endsWith(".bin")) {
            return raw;
        }
        String text = new String(raw, StandardCharsets.UTF_8).replace("\r\n", "\n")
                .replace("${port}", Integer.toString(sip.port)).replace("${client}", Integer.toString(clientPort));
        int split = text.indexOf("\n\n");
        if (split >= 0 && text.contains("${length}")) {
            String body = text.substring(split + 2).replace("\n", "\r\n");
            text = text.replace("${length}", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertServerStillAnswersOptions() throws IOException {
        try (RawSipClient probe = new RawSipClient(sip.port)) {
            probe.send("OPTIONS sip:127.0.0.1:" + sip.port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + probe.port() + ";branch=" + RawSipClient.branch() + "\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:p@127.0.0.1>;tag=p\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: probe-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
            assertThat(probe.response(200, Duration.ofSeconds(3)).status()).isEqualTo(200);
        }
    }
}
