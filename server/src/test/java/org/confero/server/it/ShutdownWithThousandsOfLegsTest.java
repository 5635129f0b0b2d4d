package org.confero.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.peers.FreePorts;
import org.confero.server.peers.SippRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the server in its own JVM, as an operator runs it, with thousands of established calls in one room,
 * each receiving the room's audio: the process exits within 10 s and every call receives a BYE. 1,500 legs by
 * default (the CI machine's budget); {@code -Dconfero.shutdown.legs=5000} runs the full case.
 */
class ShutdownWithThousandsOfLegsTest {
    private static final int LEGS = Integer.getInteger("confero.shutdown.legs", 1500);
    private static final int SETUP_RATE = 200;

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
    void sigtermWithThousandsOfLegsEndsTheProcessWithinTenSecondsAndHangsUpEveryCall() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        int httpPort = FreePorts.tcp();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.confero.server.Main", "--bind", "127.0.0.1", "--sip-port", String.valueOf(sipPort),
                "--http-port", String.valueOf(httpPort), "--https-port", "0",
                "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFERO_"));
        builder.environment().put("CONFERO_WEBRTC_PORT", "0");
        builder.environment().put("CONFERO_SIP_MAX_CALL_SETUP_RATE", "1000"); // the test's legs, not its limit
        builder.environment().put("CONFERO_ROOM_DEMO_MAX_PARTICIPANTS", "10000");
        builder.environment().put("CONFERO_SIP_RTP_TIMEOUT", "600"); // SIPp sends no RTP: no call times out here
        builder.environment().put("CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1"); // the load comes from SIPp here
        // a port pair per leg, away from the default range other servers on this machine may be using
        builder.environment().put("CONFERO_MEDIA_RTP_PORT_MIN", "40000");
        builder.environment().put("CONFERO_MEDIA_RTP_PORT_MAX", Integer.toString(40000 + 2 * LEGS + 1999));
        process = builder.start();
        assertThat(Await.until(() -> output().contains("Confero started") || !process.isAlive(),
                Duration.ofSeconds(30))).isTrue();
        assertThat(output()).contains("Confero started");

        try (SippRunner.Running held = SippRunner.resourceScenario("sipp/overload-hold.xml").target(sipPort)
                .args("-s", "demo", "-mi", "127.0.0.1", "-r", Integer.toString(SETUP_RATE),
                        "-m", Integer.toString(LEGS), "-l", Integer.toString(LEGS))
                .timeout(Duration.ofSeconds(LEGS / SETUP_RATE + 120)).start()) {
            // Admission control may refuse a few setups when the machine stalls; those calls never become legs.
            boolean allIn = Await.until(() -> legsOpen(httpPort) + refusedAtSetup(httpPort) >= LEGS,
                    Duration.ofSeconds(LEGS / SETUP_RATE + 60));
            Thread.sleep(2_000); // the last ACKs in: every leg is in the mix and receives the room's audio
            double ticks = gauge(httpPort, "confero_mix_ticks");
            double overruns = gauge(httpPort, "confero_mix_overruns");
            double legs = legsOpen(httpPort);
            double refusedOverload = gauge(httpPort, "sip_invites_refused_overload_total");
            double refusedMedia = gauge(httpPort, "sip_invites_refused_media_total");
            long stopAt = System.nanoTime();
            process.destroy(); // SIGTERM: the shutdown hook closes the server
            boolean exited = process.waitFor(10, TimeUnit.SECONDS);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
            SippRunner.Result result = held.awaitResult(Duration.ofSeconds(30));
            int established = lastCount(result.output(), "200 <-+\\s+(?:E-RTD1\\s+)?(\\d+)");
            int byes = lastCount(result.output(), "BYE <-+\\s+(\\d+)");
            String shutdownLine = output().lines().filter(l -> l.contains("shutdown: hung up")).findFirst().orElse("");
            System.out.printf("SIGTERM with %.0f legs open (mix overruns %.0f of %.0f ticks; calls refused: %.0f over"
                    + " the setup rate, %.0f for the mix clock's budget): exited after %d ms; %s; %d calls established,"
                    + " %d received our BYE%n", legs, overruns, ticks, refusedOverload, refusedMedia, stopMillis,
                    shutdownLine.replaceAll(".*(shutdown: )", ""), established, byes);

            assertThat(allIn).as("every call in or refused before SIGTERM (%.0f open)", legs).isTrue();
            assertThat(established).as("calls established; SIPp:%n%s", result.outputTail())
                    .isGreaterThanOrEqualTo(LEGS * 95 / 100).isEqualTo((int) legs);
            assertThat(exited).as("exits within 10 s of SIGTERM").isTrue();
            assertThat(output()).contains("Confero stopped");
            assertThat(byes).as("every established call received a BYE; SIPp:%n%s", result.outputTail())
                    .isEqualTo(established);
        }
    }

    /** Every 503 at setup: over the rate, the mix clock's budget or a full setup queue. */
    private double refusedAtSetup(int httpPort) {
        return Math.max(0, gauge(httpPort, "sip_invites_refused_overload_total"));
    }

    private double legsOpen(int httpPort) {
        return gauge(httpPort, "confero_audio_legs_open");
    }

    private static double gauge(int httpPort, String name) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
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
        Matcher m = Pattern.compile(row).matcher(output);
        int count = -1;
        while (m.find()) {
            count = Integer.parseInt(m.group(1));
        }
        return count;
    }
}
