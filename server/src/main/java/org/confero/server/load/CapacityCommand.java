package org.confero.server.load;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.confero.mixer.codec.AudioCodec;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar confero.jar capacity}: for each room shape (R rooms of M) and codec, runs fresh servers
 * against the load tool with a growing number of rooms (see {@link CapacitySearch}) until it knows the largest
 * load that shows no mix overrun, no loss above 1 % and added latency p99 within 60 ms; prints what the server
 * cost there (CPU, memory and GC pauses, measured on its own process) and, with {@code --soak}, holds a share of
 * that load for a long time and prints its memory at the start and the end.
 */
public final class CapacityCommand {
    private static final double MB = 1024.0 * 1024.0;

    private CapacityCommand() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help")) {
            out.print(CapacityOptions.usage());
            return 0;
        }
        CapacityOptions o;
        try {
            o = CapacityOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("confero capacity: " + e.getMessage());
            err.print(CapacityOptions.usage());
            return 2;
        }
        quietLogs();
        out.printf(Locale.ROOT, "capacity on %d cores, Java %s, load average %s, server %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage(),
                o.inProcess() ? "in this process" : o.serverJar().map(p -> "from " + p).orElse("this build")
                        + (o.serverEnv().isEmpty() ? "" : " with " + o.serverEnv()));
        try {
            for (AudioCodec codec : o.codecs()) {
                // the tool's first run loads FFmpeg and compiles its paths: not a cost of any step
                CapacityStep.run(o, 1, 5, codec, Math.min(o.talkers(), 5), Duration.ofSeconds(3));
                for (CapacityOptions.Shape shape : o.shapes()) {
                    shape(o, shape, codec, out);
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("confero capacity: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void shape(CapacityOptions o, CapacityOptions.Shape shape, AudioCodec codec, PrintStream out)
            throws IOException, InterruptedException {
        int talkers = Math.min(o.talkers(), shape.size());
        String what = String.format(Locale.ROOT, "rooms of %d (%s, %d talkers)", shape.size(), codec.encodingName(),
                talkers);
        if (shape.participants() > o.max()) {
            out.printf(Locale.ROOT, "skipped %s: one shape is more than --max %d%n", what, o.max());
            return;
        }
        CapacitySearch search = new CapacitySearch(o.max() / shape.participants());
        CapacityStep held = null;
        for (OptionalInt k = search.next(); k.isPresent(); k = search.next()) {
            int rooms = k.getAsInt() * shape.rooms();
            CapacityStep step = CapacityStep.run(o, rooms, shape.size(), codec, talkers, o.hold());
            out.println("  " + stepLine(codec, rooms, step));
            search.record(k.getAsInt(), step.passed());
            if (step.passed() && (held == null || step.participants() > held.participants())) {
                held = step;
            }
        }
        if (held == null) {
            out.printf(Locale.ROOT, "this machine holds fewer than %d participants in %s%n", shape.participants(),
                    what);
            return;
        }
        out.println(summaryLine(held, what, search.capped()));
        if (!o.soak().isZero()) {
            int rooms = o.soakRooms(held.participants() / shape.size());
            CapacityStep soak = CapacityStep.run(o, rooms, shape.size(), codec, talkers, o.soak());
            out.println(soakLine(soak, o, held));
        }
    }

    static String stepLine(AudioCodec codec, int rooms, CapacityStep s) {
        return String.format(Locale.ROOT, "%-5s %4d rooms of %3d = %5d: %s; overruns %d, loss %.2f %%, latency p50 %d "
                        + "p99 %d ms, server CPU %.2f cores (tool %.2f), %d KB/participant, RSS %.0f -> %.0f MB, "
                        + "GC p99 %.1f ms (%d pauses)", codec.encodingName(), rooms, s.roomSize(), s.participants(),
                s.verdict(), s.overruns(), 100 * s.loss(), s.latencyP50(), s.latencyP99(), s.serverCores(),
                s.toolCores(), s.kbPerParticipant(), s.rssStart() / MB, s.rssEnd() / MB, s.gcP99(),
                s.gcPauses().size());
    }

    static String summaryLine(CapacityStep s, String what, boolean capped) {
        return String.format(Locale.ROOT, "this machine holds %s%d participants in %s: server CPU %.2f cores "
                        + "= %.0f participants per core (load tool %.2f cores beside it), added latency p50 %d ms "
                        + "p99 %d ms, %d KB per participant (server RSS %.0f MB idle, %.0f MB loaded), GC pause p99 "
                        + "%.1f ms (max %.1f ms, %d pauses)", capped ? "at least (--max) " : "", s.participants(),
                what, s.serverCores(), s.perServerCore(), s.toolCores(), s.latencyP50(), s.latencyP99(),
                s.kbPerParticipant(), s.rssIdle() / MB, s.rssStart() / MB, s.gcP99(), s.gcMax(),
                s.gcPauses().size());
    }

    static String soakLine(CapacityStep s, CapacityOptions o, CapacityStep held) {
        return String.format(Locale.ROOT, "  soak %s at %.0f %% (%d of %d participants): %s; server RSS start %.0f MB, "
                        + "end %.0f MB (%+.1f %%), loss %.2f %%, latency p50 %d p99 %d ms, server CPU %.2f cores, "
                        + "GC p99 %.1f ms (max %.1f ms, %d pauses)", human(o.soak()), 100 * o.soakShare(),
                s.participants(), held.participants(), s.verdict(), s.rssStart() / MB, s.rssEnd() / MB,
                s.rssStart() <= 0 ? 0 : 100.0 * (s.rssEnd() - s.rssStart()) / s.rssStart(), 100 * s.loss(),
                s.latencyP50(), s.latencyP99(), s.serverCores(), s.gcP99(), s.gcMax(), s.gcPauses().size());
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** The 1-minute load average: figures from a machine doing other work must say so. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** One line per call set-up at a thousand participants would drown the table: warnings only. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        LoadCommand.quietIceLogs();
    }
}
