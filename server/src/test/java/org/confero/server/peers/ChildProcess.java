package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One external program started by a test, with stdout and stderr merged into a log file.
 * {@link #close()} always ends it: a polite SIGTERM, then SIGKILL after a bounded wait, descendants included,
 * so a failing test never leaves a peer behind.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration TERM_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code workDir}; its stdin is empty, its output goes to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            ChildProcess child = new ChildProcess(name, process, logFile);
            Reaper.INSTANCE.register(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Runs a command to completion within {@code timeout}; a command still running then is killed and reported
     * as timed out.
     */
    public static Finished run(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        try (ChildProcess child = start(name, command, workDir, logFile)) {
            Optional<Integer> exit = child.awaitExit(timeout);
            return new Finished(exit.orElse(-1), exit.isEmpty(), child.log());
        }
    }

    /** The outcome of {@link #run}: exit code (−1 when killed), whether the time ran out, and the output. */
    public record Finished(int exitCode, boolean timedOut, String output) {
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Everything the program printed so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** The last {@code maxChars} characters of the log, for assertion messages. */
    public String logTail(int maxChars) {
        String log = log();
        return log.length() <= maxChars ? log : "…" + log.substring(log.length() - maxChars);
    }

    /** Waits up to {@code timeout} for the program to end; empty when it is still running. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Ends the program and its descendants: SIGTERM, then SIGKILL after a grace period. Idempotent. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(TERM_GRACE).isEmpty()) {
                process.destroyForcibly();
                awaitExit(TERM_GRACE);
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        Reaper.INSTANCE.unregister(this);
    }

    /** SIGKILL now, no grace: the program gets no chance to say goodbye (e.g. a phone sends no BYE). */
    public void kill() {
        killNow();
        awaitExit(TERM_GRACE);
    }

    private void killNow() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Kills whatever a test forgot when the JVM exits (a crashed or interrupted test run). */
    private static final class Reaper {
        static final Reaper INSTANCE = new Reaper();
        private final java.util.Set<ChildProcess> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private Reaper() {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(ChildProcess::killNow),
                    "peer-reaper"));
        }

        void register(ChildProcess child) {
            running.add(child);
        }

        void unregister(ChildProcess child) {
            running.remove(child);
        }
    }
}
