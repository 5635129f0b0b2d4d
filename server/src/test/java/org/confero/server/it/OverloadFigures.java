package org.confero.server.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.SippRunner;

/** Reading an overload run's figures: SIPp's per-message counts and the server's /metrics gauges. */
final class OverloadFigures {
    private OverloadFigures() {}

    /** BYEs a caller sent: calls that were answered 200, confirmed and hung up (goodput). */
    static int byesSent(SippRunner.Result result) {
        return lastCount(Pattern.compile("(?m)^\\s*BYE\\s+-+>\\s+(\\d+)"), result.output());
    }

    /** 503 answers a caller received (each with Retry-After, or the scenario failed the call). */
    static int refusals(SippRunner.Result result) {
        return lastCount(Pattern.compile("(?m)^\\s*503\\s+<-+\\s+(\\d+)"), result.output());
    }

    /** A gauge's current value as /metrics renders it. */
    static double gauge(Metrics metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(metrics.render());
        if (!m.find()) {
            throw new IllegalStateException("no gauge " + name + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    private static int lastCount(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        int last = 0;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }
}
