package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while call setup is overloaded, to the server in its own JVM as an operator runs it: it exits within
 * seconds and every call it had established receives a BYE (the BYEs go out in parallel, bounded in time).
 */
class ShutdownUnderOverloadTest {
    private static final int CAPACITY = 100;
    private static final int HELD_CALLS = 200;

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
    void sigtermDuringOverloadEndsTheProcessWithinSecondsAndHangsUpEveryEstablishedCall() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.confero.server.Main", "--bind", "127.0.0.1", "--sip-port", String.valueOf(sipPort),
                "--http-port", "0", "--https-port", "0", "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFERO_"));
        builder.environment().put("CONFERO_WEBRTC_PORT", "0");
        builder.environment().put("CONFERO_SIP_MAX_CALL_SETUP_RATE", Integer.toString(CAPACITY));
        builder.environment().put("CONFERO_ROOM_DEMO_MAX_PARTICIPANTS", "10000");
        builder.environment().put("CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1"); // the load comes from SIPp here
        process = builder.start();
        assertThat(Await.until(() -> output().contains("Confero started") || !process.isAlive(),
                Duration.ofSeconds(30))).isTrue();
        assertThat(output()).contains("Confero started");

        // Held calls at a low rate (admitted: not the heavy source) while a second caller offers twice the
        // capacity with calls that last a second.
        try (SippRunner.Running held = SippRunner.resourceScenario("sipp/overload-hold.xml").target(sipPort)
                .args("-s", "demo", "-mi", "127.0.0.1", "-r", "20", "-m", Integer.toString(HELD_CALLS), "-l", "1000")
                .timeout(Duration.ofSeconds(60)).start();
                SippRunner.Running flood = SippRunner.resourceScenario("sipp/overload-call.xml").target(sipPort)
                        .args("-s", "demo", "-mi", "127.0.0.1", "-r", Integer.toString(2 * CAPACITY), "-m", "100000",
                                "-d", "1000", "-l", "5000")
                        .timeout(Duration.ofSeconds(60)).start()) {
            Thread.sleep(HELD_CALLS / 20 * 1000 + 2_000); // every held call placed and confirmed
            long stopAt = System.nanoTime();
            process.destroy(); // SIGTERM: the shutdown hook closes the server
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            flood.stop();
            SippRunner.Result result = held.awaitResult(Duration.ofSeconds(10));
            String shutdownLine = output().lines().filter(l -> l.contains("shutdown: hung up")).findFirst().orElse("");
            System.out.printf("SIGTERM under 2x overload: exited after %d ms; %s; held calls ended by our BYE: %d of"
                    + " %d (failed %d)%n", stopMillis, shutdownLine.replaceAll(".*(shutdown: )", ""),
                    result.successfulCalls(), HELD_CALLS, result.failedCalls());

            assertThat(exited).as("exits within 10 s of SIGTERM").isTrue();
            assertThat(output()).contains("Confero stopped");
            // a held call may itself be refused with 503 while the flood overloads the server: it never started.
            // Every call that was established (got its 200 OK) must end with our BYE.
            int established = lastCount(result.output(), "200 <-+\\s+(?:E-RTD1\\s+)?(\\d+)");
            int byes = lastCount(result.output(), "BYE <-+\\s+(\\d+)");
            System.out.printf("SIGTERM under 2x overload: %d held calls established, %d received our BYE%n",
                    established, byes);
            assertThat(established).as("most held calls were established; SIPp:%n%s", result.outputTail())
                    .isGreaterThan(HELD_CALLS / 2);
            assertThat(byes).as("every established call received a BYE; SIPp:%n%s", result.outputTail())
                    .isEqualTo(established);
            assertThat(result.successfulCalls()).isEqualTo(established);
        }
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("output.log"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The last count SIPp printed for a message row, e.g. {@code BYE <---------- 199}. */
    private static int lastCount(String output, String row) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(row).matcher(output);
        int count = -1;
        while (m.find()) {
            count = Integer.parseInt(m.group(1));
        }
        return count;
    }
}
