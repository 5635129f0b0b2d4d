package org.confero.server.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stop-the-world pauses from a JVM unified GC log ({@code -Xlog:gc}), one line per collection, e.g.
 * {@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 40M->8M(256M) 3.412ms}.
 * G1's Remark and Cleanup pauses count too; concurrent phases ("Concurrent Mark Cycle") are not pauses.
 */
final class GcLogPauses {
    private static final Pattern PAUSE = Pattern.compile("\\bGC\\(\\d+\\) Pause .* (\\d+(?:\\.\\d+)?)ms\\s*$");

    private GcLogPauses() {}

    /** The pause durations in ms of the given log lines, in order; other lines are skipped. */
    static List<Double> parse(Iterable<String> lines) {
        List<Double> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses.add(Double.parseDouble(m.group(1)));
            }
        }
        return pauses;
    }

    /** The q-quantile (nearest rank) of {@code values}, 0 when there are none. */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
