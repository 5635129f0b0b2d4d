package org.confero.server.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.confero.mixer.codec.AudioCodec;

/**
 * One load run: places the participants at the ramp's rate, waits for every join to settle, measures over the
 * hold, hangs up, and reports. Threads: the caller drives (ramp, SIP timers, WebSocket pings), one receiving
 * thread, one sending thread, a pool of {@link WebRtcJoiner#JOIN_THREADS} for WebRTC handshakes, and ice4j's
 * own while a WebRTC participant connects.
 */
final class LoadRun {
    /** After the last join, the room settles (talker selection, jitter buffers) before measuring starts. */
    static final long SETTLE_NANOS = 2_000_000_000L;
    private static final long JOIN_SETTLE_TIMEOUT_NANOS = 30_000_000_000L;
    private static final long HANGUP_TIMEOUT_NANOS = 5_000_000_000L;
    private static final long PING_NANOS = 15_000_000_000L;

    private final LoadOptions options;
    private final PrintStream progress;
    private final MeasureWindow window = new MeasureWindow();
    private final List<LoadPeer> peers = new ArrayList<>();
    private volatile long[] toolThreadIds = new long[0];
    private Runnable onWindowOpen = () -> { };
    private Runnable onWindowClose = () -> { };

    private long settleNanos = SETTLE_NANOS;
    private long stallPeriodFrames;
    private long stallNanos;

    /** The sender pauses {@code stall} every {@code periodFrames} frames while measuring (tests only). */
    LoadRun stallingSender(long periodFrames, java.time.Duration stall) {
        this.stallPeriodFrames = periodFrames;
        this.stallNanos = stall.toNanos();
        return this;
    }

    /**
     * Time between the last join and the start of measuring. A freshly started server compiles its hot paths and
     * its jitter buffers widen for the jitter that causes; their target delay decays over about 5 s.
     */
    LoadRun settle(java.time.Duration settle) {
        this.settleNanos = settle.toNanos();
        return this;
    }

    LoadRun(LoadOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Callbacks on the driver thread when measuring starts and ends (the capacity command samples there). */
    LoadRun onWindow(Runnable open, Runnable close) {
        this.onWindowOpen = open;
        this.onWindowClose = close;
        return this;
    }

    /** Ids of the tool's busy threads (sending, receiving), for telling its CPU time from the server's. */
    long[] toolThreadIds() {
        return toolThreadIds.clone();
    }

    LoadReport run() throws IOException, InterruptedException {
        plan();
        try (MediaLoop loop = new MediaLoop();
             PacedSender sender = new PacedSender(window);
             SipCalls sip = options.sip() > 0 ? new SipCalls(options.host(), options.sipPort(), loop) : null;
             WebRtcJoiner webrtc = options.webrtc() > 0
                     ? new WebRtcJoiner(options.host(), options.httpPort(), loop) : null) {
            toolThreadIds = new long[] {sender.threadId(), loop.threadId()};
            sender.stallWhileMeasuring(stallPeriodFrames, stallNanos);
            ExecutorService joins = Executors.newFixedThreadPool(WebRtcJoiner.JOIN_THREADS,
                    WebRtcJoiner.daemon("load-join"));
            try {
                ramp(sip, webrtc, sender, loop, joins);
                awaitJoins(sip);
                long start = System.nanoTime() + settleNanos;
                progress.printf("load: %d of %d joined; measuring for %d s%n", joinedCount(), peers.size(),
                        options.hold().toSeconds());
                hold(sip, webrtc, start);
                window.open(start);
                onWindowOpen.run();
                hold(sip, webrtc, start + options.hold().toNanos());
                window.close(System.nanoTime());
                onWindowClose.run();
                hangUp(sip, webrtc);
                return report(sender);
            } finally {
                joins.shutdownNow();
                joins.awaitTermination(5, TimeUnit.SECONDS);
                // the receiving thread must be gone before the probes' native decoders are freed
                sender.close();
                loop.close();
                for (LoadPeer p : peers) {
                    p.stopSending();
                    close(p.channel);
                    if (p.probe != null) {
                        p.probe.close();
                    }
                }
            }
        }
    }

    /** Participant i goes to room i mod R; in each room the first T members talk, the first K are probed. */
    private void plan() {
        int total = options.participants();
        int[] members = new int[options.rooms()];
        OnsetLog[][] onsets = new OnsetLog[options.rooms()][options.talkers()];
        for (OnsetLog[] room : onsets) {
            for (int s = 0; s < room.length; s++) {
                room[s] = new OnsetLog();
            }
        }
        ToneFrames sipFrames = options.sip() > 0 ? ToneFrames.encode(options.codec(), options.talkers()) : null;
        ToneFrames webFrames = options.webrtc() == 0 ? null
                : options.codec() == AudioCodec.OPUS && sipFrames != null ? sipFrames
                : ToneFrames.encode(AudioCodec.OPUS, options.talkers());
        for (int i = 0; i < total; i++) {
            boolean web = i < options.webrtc();
            int room = i % options.rooms();
            int position = members[room]++;
            int slot = position < options.talkers() ? position : -1;
            AudioCodec codec = web ? AudioCodec.OPUS : options.codec();
            ToneProbe probe = position < options.probesPerRoom()
                    ? new ToneProbe(codec, onsets[room], slot, window) : null;
            String id = (web ? "web-" : "sip-") + (web ? i + 1 : i - options.webrtc() + 1);
            peers.add(new LoadPeer(i, id, web ? LoadPeer.Kind.WEBRTC : LoadPeer.Kind.SIP, room,
                    options.roomId(room), codec, slot, web ? webFrames : sipFrames,
                    slot >= 0 ? onsets[room][slot] : null, new ReceiveMeter(codec.rtpClockRate(), window), probe));
        }
    }

    private void ramp(SipCalls sip, WebRtcJoiner webrtc, PacedSender sender, MediaLoop loop, ExecutorService joins)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long spacing = (long) (1e9 / options.rampPerSecond());
        for (int i = 0; i < peers.size(); i++) {
            sleepUntil(start + i * spacing, sip);
            LoadPeer p = peers.get(i);
            sender.add(p);
            if (p.kind == LoadPeer.Kind.SIP) {
                DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                p.channel = ch;
                loop.register(ch, p);
                sip.invite(p, ((InetSocketAddress) ch.getLocalAddress()).getPort());
            } else {
                joins.submit(() -> webrtc.join(p));
            }
        }
    }

    private void awaitJoins(SipCalls sip) throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_SETTLE_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline && peers.stream().anyMatch(p -> !p.joined && p.failure == null)) {
            sleepUntil(System.nanoTime() + 20_000_000L, sip);
        }
        for (LoadPeer p : peers) {
            if (!p.joined && p.failure == null) {
                p.failure = "still joining after the ramp";
            }
        }
    }

    private void hold(SipCalls sip, WebRtcJoiner webrtc, long until) throws InterruptedException {
        long lastPing = System.nanoTime();
        while (System.nanoTime() < until) {
            sleepUntil(Math.min(until, System.nanoTime() + 50_000_000L), sip);
            if (webrtc != null && System.nanoTime() - lastPing > PING_NANOS) {
                lastPing = System.nanoTime();
                webrtc.ping();
            }
        }
    }

    private void hangUp(SipCalls sip, WebRtcJoiner webrtc) throws InterruptedException {
        for (LoadPeer p : peers) {
            p.stopSending();
            if (p.kind == LoadPeer.Kind.SIP) {
                sip.bye(p);
            } else {
                webrtc.leave(p);
            }
        }
        long deadline = System.nanoTime() + HANGUP_TIMEOUT_NANOS;
        while (sip != null && System.nanoTime() < deadline
                && peers.stream().anyMatch(p -> p.kind == LoadPeer.Kind.SIP
                        && sip.state(p) == SipCalls.State.BYE_SENT)) {
            sleepUntil(System.nanoTime() + 20_000_000L, sip);
        }
    }

    private static void sleepUntil(long nanos, SipCalls sip) throws InterruptedException {
        while (true) {
            if (sip != null) {
                sip.onTimer(System.nanoTime());
            }
            long wait = nanos - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, 20_000_000L));
        }
    }

    private long joinedCount() {
        return peers.stream().filter(p -> p.joined).count();
    }

    private LoadReport report(PacedSender sender) {
        List<PeerResult> rows = new ArrayList<>();
        LatencyStats all = new LatencyStats();
        LatencyStats fromSip = new LatencyStats();
        LatencyStats fromWebRtc = new LatencyStats();
        LoadPeer.Kind[][] talkerKinds = new LoadPeer.Kind[options.rooms()][options.talkers()];
        for (LoadPeer p : peers) {
            if (p.talker()) {
                talkerKinds[p.room][p.talkerSlot] = p.kind;
            }
        }
        for (LoadPeer p : peers) {
            ToneProbe probe = p.probe;
            double hearing = -1;
            int p50 = -1;
            int p99 = -1;
            if (probe != null) {
                for (int s = 0; s < probe.slots(); s++) {
                    int sent = s == probe.ownSlot() ? 0 : probe.onsetsSent(s);
                    if (sent > 0) {
                        double share = Math.min(1.0, (double) probe.heardOnsets(s) / sent);
                        hearing = hearing < 0 ? share : Math.min(hearing, share);
                    }
                }
                all.addAll(probe.latency());
                for (int s = 0; s < probe.slots(); s++) {
                    LatencyStats bySlot = probe.latency(s);
                    (talkerKinds[p.room][s] == LoadPeer.Kind.WEBRTC ? fromWebRtc : fromSip).addAll(bySlot);
                }
                p50 = probe.latency().percentileMillis(0.50);
                p99 = probe.latency().percentileMillis(0.99);
            }
            rows.add(new PeerResult(p.id, p.kind, p.roomId, p.codec.encodingName(), p.talker(), p.joined,
                    p.failure, p.meter.windowExpected(), p.meter.windowReceived(),
                    p.meter.maxWindowGapNanos() / 1_000_000, p.meter.expected(), p.meter.received(),
                    p.meter.jitterMillis(), p.meter.maxWindowJitterMillis(), probe != null, p50, p99, hearing,
                    probe == null ? 0 : probe.selfFrames(), p.packetsSent()));
        }
        double seconds = (window.endNanos() - window.startNanos()) / 1e9;
        return new LoadReport(options, rows, all, fromSip, fromWebRtc, seconds, sender.skippedFrames(),
                sender.skippedInWindow(), sender.lateTicks());
    }

    private static void close(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
