package org.confero.server.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.confero.server.peers.SippRunner;

/**
 * Benchmark (not a test): one room of N SIPp listeners against the in-process server, measuring how the room's
 * audio leaves it. Every listener's SDP names the same receiver on 127.0.0.1, which timestamps each packet as it
 * arrives. It prints, over the measured seconds: the packets received against those due (N × 50 per second);
 * the fan-out burst of each tick (first to last packet of a tick, arrivals closer than 5 ms apart belong to one
 * tick) p50/p99/max; each listener's inter-arrival deviation from 20 ms p50/p99/max; the mix clock's overruns;
 * and the CPU time per tick of the mix threads and of the fan-out threads. Run:
 *
 * <pre>
 * mvn -B -pl server -am -Pbench test-compile exec:exec -Dbench.skip.mixer=true \
 *     -Dbench.main=org.confero.server.it.FanOutLoad -Dbench.args='1000 10'
 * </pre>
 */
public final class FanOutLoad {
    private static final long BURST_GAP_NANOS = 5_000_000L;

    private FanOutLoad() {}

    public static void main(String[] args) throws Exception {
        int listeners = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int setupRate = 250;
        try (DatagramChannel receiver = DatagramChannel.open();
                RunningServer server = RunningServer.start(Map.of("CONFERO_SIP_MAX_CALL_SETUP_RATE", "1000",
                        "CONFERO_ROOM_DEMO_MAX_PARTICIPANTS", "10000", "CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1",
                        "CONFERO_SIP_RTP_TIMEOUT", "600"))) {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024 * 1024);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            int rxPort = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            try (SippRunner.Running calls = SippRunner.resourceScenario("sipp/fanout-listener.xml")
                    .target(server.sipPort()).args("-s", "demo", "-key", "rx_port", Integer.toString(rxPort),
                            "-r", Integer.toString(setupRate), "-m", Integer.toString(listeners),
                            "-l", Integer.toString(listeners))
                    .timeout(Duration.ofSeconds(listeners / setupRate + seconds + 120)).start()) {
                Recorder recorder = new Recorder(receiver, listeners * 50 * (seconds + 2));
                Thread rx = new Thread(recorder, "fanout-receiver");
                rx.setDaemon(true);
                rx.start();
                if (!Await.until(() -> server.server().media().openLegCount() >= listeners,
                        Duration.ofSeconds(listeners / setupRate + 60))) {
                    throw new IllegalStateException("only " + server.server().media().openLegCount() + " of "
                            + listeners + " listeners joined");
                }
                Thread.sleep(3_000); // every ACK in, the room's fan-out settled
                String before = server.server().metrics().render();
                Map<String, Long> cpu0 = threadCpu();
                recorder.start();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1_000L);
                recorder.stop();
                long elapsed = System.nanoTime() - t0;
                Map<String, Long> cpu1 = threadCpu();
                String after = server.server().metrics().render();
                report(listeners, seconds, recorder, before, after, cpu0, cpu1, elapsed);
                calls.stop();
            }
        }
        System.exit(0); // the SIP stack leaves a non-daemon timer thread behind
    }

    private static void report(int listeners, int seconds, Recorder r, String before, String after,
            Map<String, Long> cpu0, Map<String, Long> cpu1, long elapsed) {
        double ticks = gauge(after, "confero_mix_ticks") - gauge(before, "confero_mix_ticks");
        double overruns = gauge(after, "confero_mix_overruns") - gauge(before, "confero_mix_overruns");
        double late = gauge(after, "confero_fanout_late_batches") - gauge(before, "confero_fanout_late_batches");
        double dropped = gauge(after, "confero_fanout_dropped_ticks") - gauge(before, "confero_fanout_dropped_ticks");
        long due = (long) listeners * 50 * elapsed / 1_000_000_000L;
        // bursts: one per tick; spread = first to last packet of the burst
        long[] spreads = new long[r.count];
        int bursts = 0;
        long burstStart = r.count > 0 ? r.arrivals[0] : 0;
        for (int i = 1; i <= r.count; i++) {
            if (i == r.count || r.arrivals[i] - r.arrivals[i - 1] > BURST_GAP_NANOS) {
                spreads[bursts++] = r.arrivals[i - 1] - burstStart;
                if (i < r.count) {
                    burstStart = r.arrivals[i];
                }
            }
        }
        Map<Integer, Long> last = new HashMap<>();
        long[] deviations = new long[r.count];
        int n = 0;
        for (int i = 0; i < r.count; i++) {
            Long previous = last.put(r.ssrcs[i], r.arrivals[i]);
            if (previous != null) {
                deviations[n++] = Math.abs(r.arrivals[i] - previous - 20_000_000L);
            }
        }
        long[] s = Arrays.copyOf(spreads, bursts);
        long[] d = Arrays.copyOf(deviations, n);
        Arrays.sort(s);
        Arrays.sort(d);
        System.out.printf("fan-out: 1 room, %d SIP listeners (PCMU), %d s measured on %d cores%n", listeners, seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  packets received %d of %d due (%.2f %%), from %d listeners%n", r.count, due,
                100.0 * r.count / due, last.size());
        System.out.printf("  tick bursts %d (%.1f per s): first to last packet p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                bursts, bursts * 1e9 / elapsed, ms(pct(s, 50)), ms(pct(s, 99)), ms(pct(s, 100)));
        System.out.printf("  per-listener inter-arrival deviation from 20 ms: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                ms(pct(d, 50)), ms(pct(d, 99)), ms(pct(d, 100)));
        System.out.printf("  mix ticks %.0f, overruns %.0f (%.2f %%); fan-out late batches %.0f, dropped ticks %.0f%n",
                ticks, overruns, ticks == 0 ? 0 : 100 * overruns / ticks, late, dropped);
        for (String prefix : new String[] {"confero-mix-", "confero-fanout-", "confero-sip-rtp"}) {
            long used = cpu1.getOrDefault(prefix, 0L) - cpu0.getOrDefault(prefix, 0L);
            System.out.printf("  CPU of %s* threads: %.1f %% of a core, %.0f µs per tick%n", prefix,
                    100.0 * used / elapsed, ticks == 0 ? 0 : used / 1000.0 / ticks);
        }
    }

    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byPrefix = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            for (String prefix : new String[] {"confero-mix-", "confero-fanout-", "confero-sip-rtp"}) {
                if (info.getThreadName().startsWith(prefix)) {
                    byPrefix.merge(prefix, cpu, Long::sum);
                }
            }
        }
        return byPrefix;
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0; // a gauge this build lacks counts as 0
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Reads every packet on the receiver; records arrival time and SSRC while started, up to its capacity. */
    private static final class Recorder implements Runnable {
        final long[] arrivals;
        final int[] ssrcs;
        final DatagramChannel channel;
        volatile boolean recording;
        volatile boolean stopped;
        volatile int count;

        Recorder(DatagramChannel channel, int capacity) {
            this.channel = channel;
            this.arrivals = new long[capacity];
            this.ssrcs = new int[capacity];
        }

        void start() {
            recording = true;
        }

        void stop() throws InterruptedException {
            stopped = true;
            Thread.sleep(50);
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            int n = 0;
            try {
                while (!stopped) {
                    buffer.clear();
                    channel.receive(buffer);
                    long now = System.nanoTime();
                    if (recording && !stopped && n < arrivals.length && buffer.position() >= 12) {
                        arrivals[n] = now;
                        ssrcs[n] = buffer.getInt(8);
                        n++;
                        count = n;
                    }
                }
            } catch (java.io.IOException e) {
                // the channel closed: the run is over
            }
        }
    }
}
