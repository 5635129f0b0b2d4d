package org.confero.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.confero.server.sip.auth.DigestAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIP phone (SIPp) registers, calls a room, streams µ-law RTP and hangs up. */
class SippCallTest {
    private static final Path SIPP = Path.of("/usr/bin/sipp");

    @TempDir
    Path work;

    @Test
    void sippRegistersCallsTheRoomStreamsRtpAndHangsUp() throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "sipp (Debian sip-tester) is not installed");
        Files.write(work.resolve("tone.ulaw"), MuLaw.tone(440, 2.0));
        Path scenario = work.resolve("register-call-rtp-bye.xml");
        try (InputStream in = getClass().getResourceAsStream("/sipp/register-call-rtp-bye.xml")) {
            Files.copy(in, scenario, StandardCopyOption.REPLACE_EXISTING);
        }
        // SIPp 3.6 answers only the first challenge and knows only MD5.
        try (SipTestServer sip = new SipTestServer(30, Duration.ZERO,
                List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256))) {
            int sippPort = FreePorts.udpAndTcp();
            int mediaPort = FreePorts.rtpRangeStart(10);
            Process sipp = new ProcessBuilder(SIPP.toString(), "127.0.0.1:" + sip.port, "-sf", scenario.toString(),
                    "-i", "127.0.0.1", "-p", Integer.toString(sippPort), "-mi", "127.0.0.1",
                    "-mp", Integer.toString(mediaPort), "-au", "alice", "-ap", "wonderland", "-key", "user", "alice",
                    "-key", "room", "demo", "-m", "1", "-timeout", "20", "-timeout_error", "-nostdin")
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("sipp.out").toFile()).start();
            try {
                assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).as("sipp finished").isTrue();
                assertThat(sipp.exitValue()).as("sipp exit code; output:%n%s", tail(work.resolve("sipp.out")))
                        .isZero();
            } finally {
                sipp.destroyForcibly();
            }
            Await.until("call ended", () -> sip.server.activeCalls() == 0 && sip.server.openMediaSockets() == 0);
            assertThat(sip.media.rtpReceived.get()).as("RTP packets that reached the room").isGreaterThan(50);
            assertThat(sip.media.rtpSent.get()).isEqualTo(FakeConferenceMedia.ECHO_PACKETS);
            assertThat(sip.media.openLegCount()).isZero();
            assertThat(sip.server.registrations().bindings("sip:alice@confero.test")).hasSize(1);
            assertThat(sip.counter("sip_registrations_total")).isEqualTo(1);
        }
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** G.711 µ-law encoding (ITU-T G.711 §A.2) of a test tone. */
    static final class MuLaw {
        private MuLaw() {}

        static byte[] tone(double hz, double seconds) {
            int n = (int) (8000 * seconds);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                short s = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000.0));
                out[i] = encode(s);
            }
            return out;
        }

        static byte encode(short pcm) {
            int sign = (pcm >> 8) & 0x80;
            int magnitude = sign != 0 ? -pcm : pcm;
            magnitude = Math.min(magnitude, 32_635) + 0x84;
            int exponent = 7;
            for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
                exponent--;
            }
            int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
            return (byte) ~(sign | (exponent << 4) | mantissa);
        }
    }
}
