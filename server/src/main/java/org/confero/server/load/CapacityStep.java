package org.confero.server.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.confero.mixer.codec.AudioCodec;

/**
 * One capacity step: a fresh server with R rooms of M, the load tool's participants in them, and what the server
 * cost and the participants noticed inside the measured window.
 *
 * @param serverCores the server's CPU time over the window's wall time (1.0 = one core busy)
 * @param toolCores the load tool's, measured apart
 * @param rssIdle the server's RSS once ready, before anyone joined; {@code rssStart}/{@code rssEnd} at the
 *     window's start and end
 */
record CapacityStep(int participants, int roomSize, String verdict, long overruns, double loss, int latencyP50,
        int latencyP99, double serverCores, double toolCores, long rssIdle, long rssStart, long rssEnd,
        List<Double> gcPauses) {
    static final double MAX_LOSS = 0.01;
    static final int MAX_LATENCY_P99_MILLIS = 60;

    boolean passed() {
        return verdict.startsWith("ok");
    }

    /** RSS the participants added, per participant, in KB; -1 when unknown. */
    long kbPerParticipant() {
        return rssIdle < 0 || rssStart < 0 ? -1 : Math.max(0, rssStart - rssIdle) / participants / 1024;
    }

    /** Participants per core of server CPU. */
    double perServerCore() {
        return serverCores <= 0 ? 0 : participants / serverCores;
    }

    double gcP99() {
        return GcLogPauses.quantile(gcPauses, 0.99);
    }

    double gcMax() {
        return GcLogPauses.quantile(gcPauses, 1.0);
    }

    /** The verdict from what was measured: the first limit crossed, in the order an operator would look. */
    static String verdict(int missing, long overruns, double loss, int p99) {
        if (missing > 0) {
            return "FAIL (" + missing + " did not join)";
        }
        if (overruns > 0) {
            return "FAIL (mix overruns)";
        }
        if (loss > MAX_LOSS) {
            return "FAIL (loss)";
        }
        if (p99 < 0) {
            return "FAIL (no latency samples)";
        }
        return p99 > MAX_LATENCY_P99_MILLIS ? "FAIL (latency)" : "ok";
    }

    static CapacityStep run(CapacityOptions o, int rooms, int size, AudioCodec codec, int talkers, Duration hold)
            throws IOException, InterruptedException {
        int participants = rooms * size;
        System.gc();
        try (ServerUnderLoad server = o.inProcess() ? InProcessServer.start("cap", rooms, size)
                : ServerProcess.start("cap", rooms, size, o.serverJar(), o.serverEnv(), o.serverJvm())) {
            long rssIdle = server.rssBytes();
            LoadOptions options = new LoadOptions(participants, 0, rooms, codec, talkers, o.ramp(), hold,
                    Optional.empty(), "127.0.0.1", server.sipPort(), server.httpPort(), "cap", o.probes());
            long[] at = new long[7];
            List<List<Double>> pausesInWindow = new java.util.ArrayList<>(1);
            LoadRun run = new LoadRun(options, new PrintStream(OutputStream.nullOutputStream())).settle(o.settle());
            run.onWindow(() -> {
                server.markGc();
                at[0] = System.nanoTime();
                at[1] = server.cpuNanos();
                at[2] = toolCpuNanos(o, run);
                at[3] = overruns(server.httpPort());
                at[5] = server.rssBytes();
            }, () -> {
                at[0] = System.nanoTime() - at[0];
                at[1] = server.cpuNanos() - at[1];
                at[2] = toolCpuNanos(o, run) - at[2];
                at[3] = overruns(server.httpPort()) - at[3];
                at[6] = server.rssBytes();
                pausesInWindow.add(server.gcPausesMillis()); // read here: the hang-up's garbage is not the load's
            });
            LoadReport report = run.run();
            List<Double> pauses = pausesInWindow.isEmpty() ? List.of() : pausesInWindow.get(0);
            double wall = Math.max(1, at[0]);
            double tool = at[2] / wall;
            // in one process the server's share is the process's CPU less the tool's threads
            double cpu = o.inProcess() ? Math.max(0, at[1] - at[2]) / wall : at[1] / wall;
            int p99 = report.latency().percentileMillis(0.99);
            double loss = report.aggregateLoss();
            String verdict = verdict((int) (participants - report.joined()), at[3], loss, p99);
            if (!report.failed().isEmpty()) {
                verdict += ": " + report.failed().get(0).failure();
            }
            return new CapacityStep(participants, size, verdict, at[3], loss, report.latency().percentileMillis(0.5),
                    p99, cpu, tool, rssIdle, at[5], at[6], pauses);
        }
    }

    private static long toolCpuNanos(CapacityOptions o, LoadRun run) {
        return o.inProcess() ? ProcessGauges.threadsCpuNanos(run.toolThreadIds()) : ProcessGauges.processCpuNanos();
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
}
