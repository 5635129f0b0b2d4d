package org.confero.server.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.RosterMember;
import org.confero.server.config.CascadeConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.transport.UdpMediaTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms spread over several nodes (see {@link CascadeLink}): the home side ({@link CascadeHome} behind
 * {@link #api()}) and one {@link CascadeRemote} per room this node holds a share of. Link setup and teardown run on
 * one thread of their own, woken by roster changes and once a second, never on a SIP, HTTP or media thread.
 */
public final class Cascade implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cascade.class);
    /** A signed message older or newer than this is refused (the nodes' clocks must agree this well: NTP). */
    private static final long WINDOW_MILLIS = 30_000;
    private static final int NONCES = 4096;

    private final CascadeHome home;
    private final CascadeApi api;
    private final List<CascadeRemote> remotes = new ArrayList<>();
    private final List<ConferenceMedia.Subscription> watches = new ArrayList<>();
    private final ScheduledExecutorService thread;
    private final ExecutorService httpThreads;
    private final int idleSeconds;

    /** @param idleSeconds a link without RTP for this long is closed (home) or re-linked (remote) */
    public Cascade(CascadeConfig config, ConferenceMedia media, UdpMediaTransport transport, Metrics metrics,
            int idleSeconds) {
        this.idleSeconds = idleSeconds;
        LinkSignature signature = new LinkSignature(config.enabled() ? config.secret() : "unused");
        ReplayGuard replay = new ReplayGuard(WINDOW_MILLIS, NONCES);
        this.home = new CascadeHome(media, transport);
        this.api = new CascadeApi(config, home, signature, replay, metrics);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cascade"));
        this.httpThreads = Executors.newFixedThreadPool(1, r -> daemon(r, "cascade-http"));
        if (!config.enabled()) {
            return;
        }
        warmUpSrtp();
        LinkClient client = new LinkClient(signature, replay, httpThreads);
        config.roomHomes().forEach((roomId, homeNode) -> config.remoteHomeOf(roomId).ifPresent(h ->
                remotes.add(new CascadeRemote(roomId, config.nodeId(), h, config.peers().get(h),
                        config.linkAddress(), config.secret(), media, transport, client, idleSeconds))));
        for (CascadeRemote remote : remotes) {
            watches.add(media.watch(remote.roomId(), new org.confero.server.conference.RoomListener() {
                @Override
                public void rosterChanged(List<RosterMember> roster) {
                    wake();
                }

                @Override
                public void activeSpeakerChanged(String participantId) {}
            }));
        }
        metrics.gauge("confero_cascade_links_home", "cascade links other nodes hold into rooms homed here",
                home::openLinks);
        metrics.gauge("confero_cascade_links_remote", "cascade links this node holds to rooms' home nodes",
                () -> remotes.stream().filter(CascadeRemote::linked).count());
        thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("cascade on: node {}, {} peer(s), {} room(s) homed elsewhere", config.nodeId(),
                config.peers().size(), remotes.size());
    }

    /**
     * The first AES-GCM protect in a JVM initialises the cipher; measured here it stalled the first link's fan-out
     * lane, and with it the room's ticks, for about a second. Done once at start-up, off every media thread.
     */
    private static void warmUpSrtp() {
        try (org.confero.server.webrtc.srtp.SrtpTransformer t = LinkKeys.forHome("warm-up-only-secret", "warm-up",
                "a", "b", "request", "answer")) {
            byte[] rtp = new byte[12 + 160];
            rtp[0] = (byte) 0x80;
            rtp[1] = 111;
            rtp[11] = 1;
            org.confero.server.webrtc.srtp.PacketBuffer packet = new org.confero.server.webrtc.srtp.PacketBuffer();
            packet.load(rtp, 0, rtp.length);
            t.protectRtp(packet);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The handler for the internal endpoint, to place in front of the application's routes. */
    public CascadeApi api() {
        return api;
    }

    private void wake() {
        try {
            thread.execute(this::reconcile);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the links are being closed anyway
        }
    }

    private void tick() {
        try {
            home.closeIdle(System.nanoTime(), idleSeconds);
        } catch (RuntimeException e) {
            LOG.warn("cascade idle check failed: {}", e.toString()); // the schedule must go on
        }
        reconcile();
    }

    private void reconcile() {
        for (CascadeRemote remote : remotes) {
            try {
                remote.reconcile(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("room {} cascade reconcile failed: {}", remote.roomId(), e.toString());
            }
        }
    }

    /** Closes every link: ours to home nodes (telling them), then other nodes' into our rooms. */
    @Override
    public void close() {
        watches.forEach(ConferenceMedia.Subscription::close);
        thread.shutdownNow();
        try {
            // After the thread has ended, its remotes are ours to finish (termination orders the memory).
            if (thread.awaitTermination(5, TimeUnit.SECONDS)) {
                for (CascadeRemote remote : remotes) {
                    remote.unlink();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        home.close();
        httpThreads.shutdownNow();
    }
}
