package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs Main in its own JVM, as an operator would, and stops it the way an init system does (SIGTERM). */
class MainProcessTest {
    private static final long START_TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverPrintsItsConfigurationAndDialInLinesAndStopsPromptlyOnSigterm() throws Exception {
        int sipPort = freeUdpPort();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.confero.server.Main", "--bind", "127.0.0.1", "--sip-port", String.valueOf(sipPort),
                "--http-port", "0", "--https-port", "0", "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFERO_"));
        builder.environment().put("CONFERO_WEBRTC_PORT", "0");
        builder.environment().put("CONFERO_USER_ALICE_PASSWORD", "never-printed-9876");
        process = builder.start();

        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline && output().stream().noneMatch(l -> l.contains("Confero started"))
                && process.isAlive()) {
            Thread.sleep(50);
        }
        List<String> output = output();
        assertThat(output).as("output so far").anyMatch(l -> l.contains("Confero started"));
        assertThat(output).anyMatch(l -> l.endsWith("config sip.port = " + sipPort))
                .anyMatch(l -> l.endsWith("config user.alice.password = ********"))
                .anyMatch(l -> l.contains("SIP    udp 127.0.0.1:" + sipPort + "  -> dial sip:demo@127.0.0.1:" + sipPort))
                .noneMatch(l -> l.contains("never-printed-9876"))
                .noneMatch(l -> l.contains("HTTP   http://"));

        long stopAt = System.nanoTime();
        process.destroy(); // SIGTERM: the shutdown hook closes the server
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt)).isLessThan(5_000);
        assertThat(output()).anyMatch(l -> l.contains("Confero stopped"));
    }

    @Test
    void aBadSettingEndsTheProcessWithExitCodeTwoAndNoStackTrace() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.confero.server.Main", "--bind", "127.0.0.1", "--sip-port", "0")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFERO_"));
        process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output()).first().isEqualTo("confero: sip.port must be 1-65535, was 0 (flag --sip-port)");
        assertThat(output()).noneMatch(l -> l.contains("Exception"));
    }

    private List<String> output() throws IOException {
        return Files.readAllLines(dir.resolve("output.log"), StandardCharsets.UTF_8);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
