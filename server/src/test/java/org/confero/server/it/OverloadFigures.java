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

    /** 200s a caller received: calls answered. */
    static int answered(SippRunner.Result result) {
        return lastCount(Pattern.compile("(?m)^\\s*200\\s+<-+\\s+(?:E-RTD1\\s+)?(\\d+)"), result.output());
    }

    /** INVITEs a caller sent, first transmissions and retransmissions alike. */
    static int invitesSent(SippRunner.Result result) {
        return lastCount(Pattern.compile("(?m)^\\s*INVITE\\s+-+>\\s+(\\d+)\\s+(\\d+)"), result.output())
                + lastCount(Pattern.compile("(?m)^\\s*INVITE\\s+-+>\\s+\\d+\\s+(\\d+)"), result.output());
    }

    /** The heap in use after a full collection: what the server holds, not what it has yet to collect. */
    static long liveHeapBytes() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The most heap in use (garbage included) sampled every 100 ms while open. */
    static final class HeapPeak implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService sampler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "heap-sampler");
                    t.setDaemon(true);
                    return t;
                });

        HeapPeak() {
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(java.lang.management.ManagementFactory
                    .getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max), 0, 100,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        long peakBytes() {
            return peak.get();
        }

        @Override
        public void close() {
            sampler.shutdownNow();
        }
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
