package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Main.Outcome launch(Map<String, String> env, String... args) {
        return Main.launch(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() {
        assertThat(launch(Map.of(), "--help")).isEqualTo(new Main.Exit(0));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: java -jar confero.jar")
                .contains("--sip-port N", "CONFERO_");
    }

    @Test
    void aBadValueExitsWithTwoAndAOneLineReasonWithoutStackTrace() {
        assertThat(launch(Map.of(), "--bind", "127.0.0.1", "--http-port", "eighty")).isEqualTo(new Main.Exit(2));
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("confero: http.port must be a whole number, was 'eighty' (flag --http-port)")
                .contains("--help").doesNotContain("Exception", "\tat ");
        assertThat(out.size()).isZero();
    }

    @Test
    void aBadEnvironmentValueExitsWithTwo() {
        assertThat(launch(Map.of("CONFERO_MEDIA_MAX_TALKERS", "0"), "--bind", "127.0.0.1")).isEqualTo(new Main.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("media.max-talkers must be 1-16");
    }

    @Test
    void anUnusableDataDirectoryExitsWithTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThat(launch(Map.of(), "--data-dir", file.resolve("sub").toString(), "--bind", "127.0.0.1"))
                .isEqualTo(new Main.Exit(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("confero: data-dir ");
    }

    @Test
    void aValidCommandLineStartsTheServerAndCloseIsIdempotent() throws Exception {
        int sipPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = probe.getLocalPort();
        }
        Path data = dir.resolve("data");
        Main.Outcome outcome = launch(Map.of("CONFERO_WEBRTC_PORT", "0"), "--data-dir", data.toString(),
                "--bind", "127.0.0.1", "--sip-port", String.valueOf(sipPort), "--http-port", "0", "--https-port", "0");
        assertThat(outcome).isInstanceOf(Main.Running.class);
        ConferoServer server = ((Main.Running) outcome).server();
        assertThat(server.config().sip().port()).isEqualTo(sipPort);
        assertThat(data).isDirectory();
        assertThat(server.awaitShutdown(Duration.ofMillis(10))).isFalse();
        server.close();
        server.close();
        assertThat(server.isClosed()).isTrue();
        assertThat(server.awaitShutdown(Duration.ofSeconds(1))).isTrue();
    }
}
