package org.confero.server.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SIPp (3.6) against 127.0.0.1 with a built-in scenario ({@code -sn uac}) or a scenario file, bounded in
 * time, and reads its exit code and final statistics. Exit code 0 means every call succeeded.
 *
 * <pre>{@code
 * try (SippRunner.Running uas = SippRunner.builtin("uas").start()) {
 *     SippRunner.Result result = SippRunner.builtin("uac").target(uas.localPort())
 *             .args("-s", "demo", "-m", "3", "-r", "5", "-d", "200").run();
 *     assertThat(result.successfulCalls()).isEqualTo(3);
 * }
 * }</pre>
 */
public final class SippRunner {
    private static final Path ROOT = Path.of("target", "peers").toAbsolutePath();
    private static final Pattern SUCCESSFUL = Pattern.compile("Successful call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");
    private static final Pattern FAILED = Pattern.compile("Failed call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");
    /** Time SIPp gets beyond its own {@code -timeout} before the harness kills it. */
    private static final Duration KILL_MARGIN = Duration.ofSeconds(3);

    private final List<String> scenario;
    private final String label;
    private OptionalInt targetPort = OptionalInt.empty();
    private String localAddress = "127.0.0.1";
    private int localPort;
    private final List<String> args = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(20);

    private SippRunner(List<String> scenario, String label) {
        this.scenario = scenario;
        this.label = label;
    }

    /** A scenario built into SIPp: {@code uac}, {@code uas}, {@code regexp}, {@code branchc}, {@code uac_pcap}… */
    public static SippRunner builtin(String name) {
        return new SippRunner(List.of("-sn", name), name);
    }

    /** A scenario XML file. */
    public static SippRunner scenarioFile(Path xml) {
        return new SippRunner(List.of("-sf", xml.toAbsolutePath().toString()), xml.getFileName().toString());
    }

    /** A scenario under {@code src/test/resources}, e.g. {@code "peers/options-ping.xml"}. */
    public static SippRunner resourceScenario(String resource) {
        return resourceScenario(resource, Map.of());
    }

    /**
     * A scenario under {@code src/test/resources} with each {@code ${name}} replaced by its value: SIPp does not
     * substitute its own {@code [keyword]}s inside action attributes such as {@code rtp_stream}.
     */
    public static SippRunner resourceScenario(String resource, Map<String, String> values) {
        try (InputStream in = SippRunner.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource " + resource);
            }
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                xml = xml.replace("${" + value.getKey() + "}", value.getValue());
            }
            if (xml.contains("${")) {
                throw new IllegalArgumentException(resource + " has a ${…} placeholder without a value");
            }
            Files.createDirectories(ROOT);
            Path file = Files.createTempFile(ROOT, "scenario-", "-" + Path.of(resource).getFileName());
            Files.writeString(file, xml);
            return scenarioFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + resource, e);
        }
    }

    /** The remote side at 127.0.0.1:{@code port}; omit it for a UAS that only waits. */
    public SippRunner target(int port) {
        this.targetPort = OptionalInt.of(port);
        return this;
    }

    /** SIPp's own SIP port ({@code -p}); a free one by default. */
    public SippRunner localPort(int port) {
        this.localPort = port;
        return this;
    }

    /** More SIPp arguments, e.g. {@code "-m", "10", "-s", "demo", "-au", "alice", "-ap", "secret"}. */
    /** The loopback address SIPp sends from (127.0.0.2 plays "another source"; all of 127/8 is local on Linux). */
    public SippRunner localAddress(String address) {
        this.localAddress = address;
        return this;
    }

    public SippRunner args(String... more) {
        this.args.addAll(Arrays.asList(more));
        return this;
    }

    /** SIPp's global timeout ({@code -timeout}, with {@code -timeout_error}); it is killed shortly after. */
    public SippRunner timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Runs to the end and returns the outcome; never longer than the timeout plus a few seconds. */
    public Result run() {
        try (Running running = start()) {
            return running.awaitResult();
        }
    }

    /** Starts SIPp in the background, e.g. a UAS that the system under test calls. */
    public Running start() {
        int port = localPort > 0 ? localPort : FreePorts.udpAndTcp();
        try {
            Files.createDirectories(ROOT);
            Path dir = Files.createTempDirectory(ROOT, "sipp-" + label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
            List<String> command = new ArrayList<>(List.of("sipp"));
            command.addAll(scenario);
            targetPort.ifPresent(p -> command.add("127.0.0.1:" + p));
            command.addAll(List.of("-i", localAddress, "-p", Integer.toString(port), "-nostdin",
                    "-timeout", Math.max(1, timeout.toSeconds()) + "s", "-timeout_error"));
            command.addAll(args);
            ChildProcess process = ChildProcess.start("sipp-" + label, command, dir, dir.resolve("sipp.log"));
            return new Running(process, port, dir, timeout.plus(KILL_MARGIN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare sipp " + label, e);
        }
    }

    /** A SIPp process; {@link #close()} kills it if it still runs. */
    public static final class Running implements AutoCloseable {
        private final ChildProcess process;
        private final int localPort;
        private final Path directory;
        private final Duration limit;

        private Running(ChildProcess process, int localPort, Path directory, Duration limit) {
            this.process = process;
            this.localPort = localPort;
            this.directory = directory;
            this.limit = limit;
        }

        public int localPort() {
            return localPort;
        }

        /** Where SIPp runs and writes its log ({@code sipp.log}) and any trace files. */
        public Path directory() {
            return directory;
        }

        public boolean isRunning() {
            return process.isAlive();
        }

        /** Waits for SIPp to end by itself (at most its timeout plus a margin), then kills it if needed. */
        public Result awaitResult() {
            return awaitResult(limit);
        }

        public Result awaitResult(Duration wait) {
            Optional<Integer> exit = process.awaitExit(wait);
            process.close();
            return Result.parse(exit.orElse(-1), exit.isEmpty(), process.log(), directory);
        }

        /** Stops SIPp now (SIGTERM, then SIGKILL) and returns what it reported up to then. */
        public Result stop() {
            process.close();
            return Result.parse(process.awaitExit(Duration.ZERO).orElse(-1), false, process.log(), directory);
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /**
     * What SIPp reported.
     *
     * @param exitCode        0 when all calls succeeded, 1 when some failed, 97/99 for other errors, −1 if killed
     * @param killed          the harness had to kill it at the time limit
     * @param successfulCalls the final cumulative "Successful call" count, −1 when no statistics were printed
     * @param failedCalls     the final cumulative "Failed call" count, −1 when no statistics were printed
     */
    public record Result(int exitCode, boolean killed, int successfulCalls, int failedCalls, String output,
            Path directory) {

        static Result parse(int exitCode, boolean killed, String output, Path directory) {
            return new Result(exitCode, killed, lastCount(SUCCESSFUL, output), lastCount(FAILED, output), output,
                    directory);
        }

        public boolean allCallsSucceeded() {
            return exitCode == 0 && !killed && failedCalls == 0;
        }

        /** The end of SIPp's output, for assertion messages. */
        public String outputTail() {
            return output.length() <= 3000 ? output : "…" + output.substring(output.length() - 3000);
        }

        private static int lastCount(Pattern pattern, String output) {
            Matcher matcher = pattern.matcher(output);
            int last = -1;
            while (matcher.find()) {
                last = Integer.parseInt(matcher.group(1));
            }
            return last;
        }
    }
}
