package org.confero.server.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar confero.jar capacity}: for each room shape (R rooms of M) and codec, runs a fresh in-process
 * server against the load tool with R, 2R, 3R… rooms of M SIP participants until a step shows mix overruns,
 * loss above 1 % or added latency p99 above 60 ms, and prints the last step that passed.
 */
public final class CapacityCommand {
    static final double MAX_LOSS = 0.01;
    static final int MAX_LATENCY_P99_MILLIS = 60;

    private CapacityCommand() {}

    record Shape(int rooms, int size) {
        static Shape parse(String text) {
            String[] p = text.trim().toLowerCase(Locale.ROOT).split("x");
            if (p.length != 2) {
                throw new IllegalArgumentException("a shape is ROOMSxSIZE, e.g. 10x5, was '" + text + "'");
            }
            return new Shape(LoadOptions.whole("--shapes", p[0]), LoadOptions.whole("--shapes", p[1]));
        }
    }

    /** One step's figures; {@code cpuShare} in cores (process CPU time / wall time). */
    record Step(int participants, int roomSize, boolean passed, String verdict, long overruns, double loss,
            int latencyP50, int latencyP99, double cpuShare, double toolCpuShare, long rssPerParticipant,
            long gcPauseP99Millis, int gcPauses) {}

    static String usage() {
        return """
                usage: java -jar confero.jar capacity [options]
                  --shapes LIST      room shapes ROOMSxSIZE, grown by whole shapes    default 10x5,2x50,1x500
                  --codecs LIST      pcmu, g722, opus                                   default pcmu,opus
                  --talkers T        talkers per room                                   default 3
                  --hold D           measured time per step                             default 20s
                  --ramp X/s         joins per second                                   default 50/s
                  --max N            participants at most per step                      default 2000
                  --probes K         decoded listeners per room                         default 4
                Runs the server in this process on loopback; stops a shape at the first step with mix overruns,
                loss above 1 % or added latency p99 above 60 ms. CPU and memory include the load tool, which runs
                in the same process; the tool's own sending and receiving threads are shown apart.
                """;
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Shape> shapes = new ArrayList<>(List.of(new Shape(10, 5), new Shape(2, 50), new Shape(1, 500)));
        List<AudioCodec> codecs = new ArrayList<>(List.of(AudioCodec.PCMU, AudioCodec.OPUS));
        int talkers = 3;
        Duration hold = Duration.ofSeconds(20);
        double ramp = 50;
        int max = 2_000;
        int probes = 4;
        try {
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (name.equals("--help")) {
                    out.print(usage());
                    return 0;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args.get(++i);
                switch (name) {
                    case "--shapes" -> shapes = java.util.Arrays.stream(value.split(",")).map(Shape::parse).toList();
                    case "--codecs" -> codecs = java.util.Arrays.stream(value.split(",")).map(LoadOptions::codec)
                            .toList();
                    case "--talkers" -> talkers = LoadOptions.whole(name, value);
                    case "--hold" -> hold = LoadOptions.duration(name, value);
                    case "--ramp" -> ramp = LoadOptions.rate(value);
                    case "--max" -> max = Math.min(LoadOptions.MAX_PARTICIPANTS, LoadOptions.whole(name, value));
                    case "--probes" -> probes = LoadOptions.whole(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("confero capacity: " + e.getMessage());
            err.print(usage());
            return 2;
        }
        quietServerLogs();
        out.printf(Locale.ROOT, "capacity on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try {
            for (AudioCodec codec : codecs) {
                // the first server in a JVM loads FFmpeg, ice4j and Jetty and compiles the hot paths: not a cost
                // of its participants, so a small unmeasured run goes first
                step(1, 5, codec, Math.min(talkers, 5), Duration.ofSeconds(3), ramp, probes);
                for (Shape shape : shapes) {
                    Optional<Step> held = shape(shape, codec, talkers, hold, ramp, max, probes, out);
                    String what = String.format(Locale.ROOT, "rooms of %d (%s, %d talkers)", shape.size(),
                            codec.encodingName(), Math.min(talkers, shape.size()));
                    boolean capped = held.isPresent()
                            && held.get().participants() + shape.rooms() * shape.size() > max;
                    if (held.isEmpty()) {
                        out.printf(Locale.ROOT, "this machine holds fewer than %d participants in %s%n",
                                shape.rooms() * shape.size(), what);
                    } else {
                        Step s = held.get();
                        out.printf(Locale.ROOT, "this machine holds %s%d participants in %s: CPU %.2f cores "
                                        + "(load tool %.2f), %.1f ms CPU/s per participant, RSS %d KB per participant, "
                                        + "added latency p50 %d ms p99 %d ms, GC pause p99 %d ms (%d pauses)%n",
                                capped ? "at least (--max) " : "", s.participants(), what, s.cpuShare(),
                                s.toolCpuShare(),
                                1000 * s.cpuShare() / s.participants(), s.rssPerParticipant() / 1024,
                                s.latencyP50(), s.latencyP99(), s.gcPauseP99Millis(), s.gcPauses());
                    }
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

    private static Optional<Step> shape(Shape shape, AudioCodec codec, int talkers, Duration hold, double ramp,
            int max, int probes, PrintStream out) throws IOException, InterruptedException {
        Step last = null;
        for (int k = 1; (long) k * shape.rooms() * shape.size() <= max; k++) {
            int rooms = k * shape.rooms();
            Step step = step(rooms, shape.size(), codec, Math.min(talkers, shape.size()), hold, ramp, probes);
            out.printf(Locale.ROOT, "  %-5s %4d rooms of %3d = %5d: %s; overruns %d, loss %.2f %%, latency p50 %d "
                            + "p99 %d ms, CPU %.2f cores (tool %.2f), RSS %d KB/participant, GC p99 %d ms%n",
                    codec.encodingName(), rooms, shape.size(), step.participants(), step.verdict(), step.overruns(),
                    100 * step.loss(), step.latencyP50(), step.latencyP99(), step.cpuShare(), step.toolCpuShare(),
                    step.rssPerParticipant() / 1024, step.gcPauseP99Millis());
            if (!step.passed()) {
                break;
            }
            last = step;
        }
        return Optional.ofNullable(last);
    }

    static Step step(int rooms, int size, AudioCodec codec, int talkers, Duration hold, double ramp, int probes)
            throws IOException, InterruptedException {
        System.gc();
        long rssBefore = ProcessGauges.rssBytes();
        int participants = rooms * size;
        try (InProcessServer server = InProcessServer.start("cap", rooms, size);
             ProcessGauges gauges = new ProcessGauges()) {
            LoadOptions options = new LoadOptions(participants, 0, rooms, codec, talkers, ramp, hold,
                    Optional.empty(), "127.0.0.1", server.sipPort(), server.httpPort(), "cap", probes);
            long[] at = new long[6];
            PrintStream silent = new PrintStream(java.io.OutputStream.nullOutputStream());
            LoadRun run = new LoadRun(options, silent);
            run.onWindow(() -> {
                gauges.record(true);
                at[0] = System.nanoTime();
                at[1] = ProcessGauges.processCpuNanos();
                at[2] = ProcessGauges.threadsCpuNanos(run.toolThreadIds());
                at[3] = overruns(server.httpPort());
            }, () -> {
                gauges.record(false);
                long wall = System.nanoTime() - at[0];
                at[0] = wall;
                at[1] = ProcessGauges.processCpuNanos() - at[1];
                at[2] = ProcessGauges.threadsCpuNanos(run.toolThreadIds()) - at[2];
                at[3] = overruns(server.httpPort()) - at[3];
                at[4] = ProcessGauges.rssBytes();
            });
            LoadReport report = run.run();
            double cpu = at[0] == 0 ? 0 : (double) at[1] / at[0];
            double tool = at[0] == 0 ? 0 : (double) at[2] / at[0];
            long rssPer = rssBefore < 0 || at[4] <= 0 ? -1 : Math.max(0, at[4] - rssBefore) / participants;
            int p99 = report.latency().percentileMillis(0.99);
            double loss = report.aggregateLoss();
            String verdict;
            if (report.joined() < participants) {
                verdict = "FAIL (" + (participants - report.joined()) + " did not join)";
            } else if (at[3] > 0) {
                verdict = "FAIL (mix overruns)";
            } else if (loss > MAX_LOSS) {
                verdict = "FAIL (loss)";
            } else if (p99 > MAX_LATENCY_P99_MILLIS || p99 < 0) {
                verdict = p99 < 0 ? "FAIL (no latency samples)" : "FAIL (latency)";
            } else {
                verdict = "ok";
            }
            return new Step(participants, size, verdict.equals("ok"), verdict, at[3], loss,
                    report.latency().percentileMillis(0.5), p99, cpu, tool, rssPer, gauges.pauseMillis(0.99),
                    gauges.pauses());
        }
    }

    /** The server's mix overrun counter, read the way an operator would: from /metrics. */
    static long overruns(int httpPort) {
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            long sum = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("confero_mix_overruns")) {
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE / 4; // unreadable: counted as overruns, so the step cannot pass unseen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Long.MAX_VALUE / 4;
        }
    }

    /** One line per call set-up at a thousand participants would drown the table: the server logs warnings only. */
    private static void quietServerLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
