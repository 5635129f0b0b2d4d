package org.confero.server.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Confero server in a JVM of its own, started the way an operator starts it, so that its CPU time, resident
 * memory and GC pauses are its own and not the load tool's: CPU from the kernel's accounting of the process,
 * RSS from {@code /proc/<pid>/status}, pauses from its unified GC log. By default it runs this build's classes;
 * {@code jar} runs another build (an earlier release as the baseline of a comparison).
 */
final class ServerProcess implements ServerUnderLoad {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String QUIET_LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private final Process process;
    private final Path dir;
    private final Path gcLog;
    private final int sipPort;
    private final int httpPort;
    private long gcMark;

    private ServerProcess(Process process, Path dir, Path gcLog, int sipPort, int httpPort) {
        this.process = process;
        this.dir = dir;
        this.gcLog = gcLog;
        this.sipPort = sipPort;
        this.httpPort = httpPort;
    }

    /**
     * Starts the server with rooms {@code <prefix>-1..N} and waits until {@code /readyz} answers 200.
     *
     * @param env extra {@code CONFERO_*} settings (a feature switched off for a baseline)
     * @param jvmOptions extra JVM options (a heap size, a flight recording)
     */
    static ServerProcess start(String prefix, int rooms, int roomSize, Optional<Path> jar, Map<String, String> env,
            List<String> jvmOptions) throws IOException, InterruptedException {
        int sipPort = InProcessServer.freeUdpAndTcpPort();
        int httpPort = InProcessServer.freeUdpAndTcpPort();
        Path dir = Files.createTempDirectory("confero-capacity-server-");
        Path gcLog = dir.resolve("gc.log");
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, QUIET_LOGBACK, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-Xlog:gc:file=" + gcLog);
        command.add("-Dlogback.configurationFile=" + logback);
        if (jar.isPresent()) {
            command.add("-jar");
            command.add(jar.get().toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("org.confero.server.Main");
        }
        command.addAll(List.of("--bind", "127.0.0.1", "--sip-port", Integer.toString(sipPort), "--http-port",
                Integer.toString(httpPort), "--https-port", "0", "--data-dir", dir.resolve("data").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().putAll(InProcessServer.environment(prefix, rooms, roomSize));
        builder.environment().putAll(env);
        Process process = builder.start();
        ServerProcess server = new ServerProcess(process, dir, gcLog, sipPort, httpPort);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the server was not ready within " + READY_TIMEOUT.toSeconds() + " s: " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public int sipPort() {
        return sipPort;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public long rssBytes() {
        return ProcStatus.rssBytes(process.pid());
    }

    @Override
    public void markGc() {
        try {
            gcMark = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        } catch (IOException e) {
            gcMark = 0;
        }
    }

    @Override
    public List<Double> gcPausesMillis() {
        if (!Files.exists(gcLog)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(gcLog.toFile(), "r")) {
            long length = file.length();
            byte[] tail = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, length - gcMark))];
            file.seek(gcMark);
            file.readFully(tail);
            return GcLogPauses.parse(List.of(new String(tail, StandardCharsets.UTF_8).split("\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the server hangs up what is left and exits as in production
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }
}
