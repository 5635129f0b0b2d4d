package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.confero.server.api.ApiClient;
import org.confero.server.hosts.HostCommand;
import org.confero.server.peers.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in its own JVM, as an operator runs it, with the default embedded database: a room a host created
 * through the API is still there, unchanged, after {@code kill -9} and a restart on the same data directory.
 */
class RestartKeepsRoomsProcessTest {
    private static final long START_TIMEOUT_MS = 60_000;

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
    void aRoomCreatedThroughTheApiSurvivesKillNineAndARestart() throws Exception {
        Path data = dir.resolve("data");
        HostCommand hostAdd = new HostCommand(() -> null, new BufferedReader(new StringReader("quartz-lamp-71\n")),
                new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err);
        assertThat(hostAdd.run(List.of("add", "clinic", "--data-dir", data.toString()), Map.of())).isZero();

        int httpPort = FreePorts.tcp();
        int sipPort = FreePorts.udpAndTcp();
        start(data, httpPort, sipPort, "first.log");
        String base = "http://127.0.0.1:" + httpPort;
        ApiClient clinic = ApiClient.loggedIn(base, "clinic", "quartz-lamp-71");
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("slug", "telehealth-dr-lee");
        room.put("title", "Dr Lee — telehealth");
        room.put("start", "2027-02-01T14:00");
        room.put("end", "2027-02-01T14:30");
        room.put("timeZone", "Australia/Sydney");
        room.put("pin", "8642");
        room.put("hostPin", "97531");
        room.put("lobby", true);
        ApiClient.Reply created = clinic.post("/api/rooms", room);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // The answer is sent after the commit: kill at once, with no chance for a clean shutdown.
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(Files.readString(dir.resolve("first.log"))).doesNotContain("Confero stopping");

        start(data, httpPort, sipPort, "second.log");
        ApiClient again = ApiClient.loggedIn(base, "clinic", "quartz-lamp-71");
        ApiClient.Reply kept = again.get("/api/rooms/telehealth-dr-lee");
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json()).isEqualTo(created.json());
        ApiClient.Reply join = new ApiClient(base).get("/api/join/telehealth-dr-lee");
        assertThat(join.status()).isEqualTo(200);
        assertThat(join.json().get("pinRequired").asBoolean()).isTrue();
        assertThat(join.body()).doesNotContain("8642", "97531");
        process.destroy();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    }

    private void start(Path data, int httpPort, int sipPort, String log) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.confero.server.Main", "--bind", "127.0.0.1", "--sip-port", String.valueOf(sipPort),
                "--http-port", String.valueOf(httpPort), "--https-port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFERO_"));
        builder.environment().put("CONFERO_WEBRTC_PORT", "0");
        process = builder.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline && process.isAlive()
                && !Files.readString(dir.resolve(log)).contains("Confero started")) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(dir.resolve(log))).as("server output").contains("Confero started");
    }
}
