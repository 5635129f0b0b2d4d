package org.confero.server.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A load run's results: one row per participant, the latency of every probe merged (and split by the kind of
 * talker it came from), and the summary.
 */
record LoadReport(LoadOptions options, List<PeerResult> peers, LatencyStats latency, LatencyStats fromSipTalkers,
        LatencyStats fromWebRtcTalkers, double windowSeconds,
        long senderSkippedFrames, long senderSkippedInWindow, long senderLateTicks) {

    long joined() {
        return peers.stream().filter(PeerResult::joined).count();
    }

    List<PeerResult> failed() {
        return peers.stream().filter(p -> !p.joined()).toList();
    }

    /** Lost share of all packets the joined participants should have received in the window, 0..1. */
    double aggregateLoss() {
        long expected = 0;
        long received = 0;
        for (PeerResult p : peers) {
            if (p.joined()) {
                expected += p.windowExpected();
                received += Math.min(p.windowReceived(), p.windowExpected());
            }
        }
        return expected == 0 ? 1 : 1 - (double) received / expected;
    }

    /** The lowest window share of any participant (a participant that never joined counts as 0). */
    double worstShare() {
        return peers.stream().mapToDouble(p -> p.joined() ? p.windowShare() : 0).min().orElse(0);
    }

    long maxGapMillis() {
        return peers.stream().filter(PeerResult::joined).mapToLong(PeerResult::maxGapMillis).max().orElse(0);
    }

    double maxJitterMillis() {
        return peers.stream().mapToDouble(PeerResult::maxJitterMillis).max().orElse(0);
    }

    List<PeerResult> probes() {
        return peers.stream().filter(PeerResult::probed).toList();
    }

    /** The lowest hearing share over the probes that have other talkers to hear, or -1 without any. */
    double worstHearing() {
        return probes().stream().mapToDouble(PeerResult::hearing).filter(h -> h >= 0).min().orElse(-1);
    }

    List<PeerResult> hearingThemselves() {
        return peers.stream().filter(p -> p.selfFrames() > 0).toList();
    }

    void print(PrintStream out) {
        LoadOptions o = options;
        out.printf(Locale.ROOT, "load: %d SIP (%s) + %d WebRTC (opus) in %d rooms, %d talkers per room, "
                        + "window %.1f s%n", o.sip(), o.codec().encodingName(), o.webrtc(), o.rooms(), o.talkers(),
                windowSeconds);
        out.printf(Locale.ROOT, "  joined           %d of %d%n", joined(), peers.size());
        for (PeerResult p : failed().subList(0, Math.min(5, failed().size()))) {
            out.printf(Locale.ROOT, "    %s did not join: %s%n", p.id(), p.failure());
        }
        out.printf(Locale.ROOT, "  received         %.2f %% of expected packets (worst participant %.2f %%)%n",
                100 * (1 - aggregateLoss()), 100 * worstShare());
        out.printf(Locale.ROOT, "  jitter           max %.1f ms (RFC 3550, inside the window); longest gap %d ms%n",
                maxJitterMillis(), maxGapMillis());
        out.printf(Locale.ROOT, "  added latency    p50 %d ms, p95 %d ms, p99 %d ms over %d tone onsets "
                        + "(talker's send -> listener's receive)%n", latency.percentileMillis(0.50),
                latency.percentileMillis(0.95), latency.percentileMillis(0.99), latency.count());
        for (var by : List.of(Map.entry("SIP", fromSipTalkers), Map.entry("WebRTC", fromWebRtcTalkers))) {
            if (by.getValue().count() > 0) {
                out.printf(Locale.ROOT, "    from %-6s talkers p50 %d ms, p99 %d ms (%d onsets)%n", by.getKey(),
                        by.getValue().percentileMillis(0.50), by.getValue().percentileMillis(0.99),
                        by.getValue().count());
            }
        }
        double hearing = worstHearing();
        out.printf(Locale.ROOT, "  hearing          %d probes; worst heard %s of the other talkers' onsets%n",
                probes().size(), hearing < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * hearing));
        out.printf(Locale.ROOT, "  own voice back   %d participants%n", hearingThemselves().size());
        out.printf(Locale.ROOT, "  load tool        %d frames skipped (%d while measuring), %d ticks late by more "
                + "than 20 ms%n", senderSkippedFrames, senderSkippedInWindow, senderLateTicks);
    }

    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(PeerResult.csvHeader());
        for (PeerResult p : peers) {
            lines.add(p.csvRow());
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
