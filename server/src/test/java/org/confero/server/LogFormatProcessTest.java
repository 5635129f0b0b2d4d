package org.confero.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.confero.server.peers.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full server (SIP, HTTP and HTTPS, WebRTC, the codecs) started as its own process and stopped by SIGTERM: every
 * line it prints, the libraries' included, is in the one Logback format; with {@code log.format = json} every line
 * is one JSON object.
 */
class LogFormatProcessTest {
    private static final Pattern TEXT_LINE = Pattern.compile(
            "\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\[[^\\]]+\\] [\\w$.]+ - .*");
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void everyConsoleLineOfAFullStartAndStopIsInTheOneFormat() throws Exception {
        List<String> output = runServer("text");
        assertThat(output).as("lines printed").hasSizeGreaterThan(20);
        assertThat(output).as("lines outside the Logback format").allMatch(l -> TEXT_LINE.matcher(l).matches());
    }

    @Test
    void withJsonLogsEveryConsoleLineIsAJsonObject() throws Exception {
        List<String> output = runServer("json");
        assertThat(output).hasSizeGreaterThan(20);
        for (String line : output) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.path("level").asText()).as(line).isNotEmpty();
            assertThat(event.path("loggerName").asText()).as(line).isNotEmpty();
        }
        assertThat(output).anyMatch(l -> l.contains("Confero started"));
    }

    private List<String> runServer(String format) throws Exception {
        int httpPort = FreePorts.tcp();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.confero.server.Main", "--bind", "127.0.0.1", "--sip-port", String.valueOf(FreePorts.udpAndTcp()),
                "--http-port", String.valueOf(httpPort), "--https-port", String.valueOf(FreePorts.tcp()),
                "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONFERO_"));
        builder.environment().put("CONFERO_WEBRTC_PORT", String.valueOf(FreePorts.udpAndTcp()));
        builder.environment().put("CONFERO_LOG_FORMAT", format);
        process = builder.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && output().stream().noneMatch(l -> l.contains("Confero started"))
                && process.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(output()).as("output so far").anyMatch(l -> l.contains("Confero started"));
        // Some work the libraries log about: pages, the metrics scrape (JVM collectors).
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/r/demo", "/metrics", "/readyz"}) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        }
        process.destroy();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        List<String> output = output();
        assertThat(output).anyMatch(l -> l.contains("Confero stopped"));
        return output;
    }

    private List<String> output() throws IOException {
        return Files.readAllLines(dir.resolve("output.log"), StandardCharsets.UTF_8);
    }
}
