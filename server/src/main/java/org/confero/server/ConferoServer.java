package org.confero.server;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Clock;
import org.confero.server.signalling.IceServers;
import org.confero.server.cluster.ClusterNode;
import org.confero.server.cluster.RoomHome;
import org.confero.server.config.ConferoConfig;
import org.confero.server.config.ConfigException;
import org.confero.server.config.EffectiveConfig;
import org.confero.server.conference.MixerConferenceMedia;
import org.confero.server.hosts.HostAccounts;
import org.confero.server.metrics.Metrics;
import org.confero.server.store.Database;
import org.confero.server.store.RoomRepository;
import org.confero.server.rooms.RoomDirectory;
import org.confero.server.browser.BrowserCallService;
import org.confero.server.meeting.MeetingRegistry;
import org.confero.server.http.HttpServer;
import org.confero.server.http.Listeners;
import org.confero.server.signalling.BrowserCalls;
import org.confero.server.signalling.SignallingEndpoint;
import org.confero.server.signalling.SignallingLimits;
import org.confero.server.http.TlsKeystore;
import org.confero.server.recording.RecordingPolicy;
import org.confero.server.recording.Recordings;
import org.confero.server.sip.SipServer;
import org.confero.server.sip.location.FileBindingStore;
import org.confero.server.webrtc.WebRtcGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: the one place where the parts (mixer, SIP stack, WebRTC gateway, HTTP) are started in
 * dependency order and stopped in reverse order. {@link #close()} is idempotent and releases
 * {@link #awaitShutdown()}.
 */
public final class ConferoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConferoServer.class);

    private final ConferoConfig config;
    private final ComponentStack parts;
    private final Metrics metrics;
    private final MixerConferenceMedia media;
    private final SipServer sip;
    private final WebRtcGateway webrtc;
    private final HttpServer http;
    private final Drain drain;
    private final HostAccounts hostAccounts;
    private final ClusterNode cluster;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ConferoServer(ConferoConfig config, ComponentStack parts, Metrics metrics, MixerConferenceMedia media,
            SipServer sip, WebRtcGateway webrtc, HttpServer http, Drain drain, HostAccounts hostAccounts,
            ClusterNode cluster) {
        this.cluster = cluster;
        this.drain = drain;
        this.hostAccounts = hostAccounts;
        this.webrtc = webrtc;
        this.http = http;
        this.config = config;
        this.parts = parts;
        this.metrics = metrics;
        this.media = media;
        this.sip = sip;
    }

    /**
     * Starts every part; if one fails, the parts already started are closed before the failure is rethrown.
     *
     * @throws ConfigException when the data directory cannot be created
     */
    public static ConferoServer start(ConferoConfig config) {
        long startNanos = System.nanoTime();
        Logging.install(config.operations().jsonLogs());
        for (String line : EffectiveConfig.lines(config)) {
            LOG.info("config {}", line);
        }
        createDataDir(config);
        AdminToken token = AdminToken.createIn(config.dataDir());
        ComponentStack parts = new ComponentStack();
        AtomicReference<ConferoServer> running = new AtomicReference<>();
        Metrics metrics = new Metrics();
        MixerConferenceMedia media;
        SipServer sip;
        Drain drain;
        WebRtcGateway webrtc = null;
        HttpServer http = null;
        HostServices hostServices;
        RoomHome home;
        try {
            Database db = parts.add("storage", Database.open(config.storage(), config.dataDir()));
            MeetingRegistry meetings = parts.add("meetings", new MeetingRegistry());
            HostedRoomLookup hosted = new HostedRoomLookup(new RoomRepository(db.dataSource()), meetings.grace());
            RoomDirectory rooms = RoomDirectory.of(config.rooms(), hosted::find);
            hostServices = new HostServices(db, rooms, config, metrics);
            media = parts.add("media", new MixerConferenceMedia(rooms, config.media(), metrics));
            home = config.cluster().enabled()
                    ? parts.add("cluster", ClusterMembership.join(config.cluster(), media, metrics))
                    : RoomHome.SINGLE_NODE;
            sip = parts.add("sip", new SipServer(config.sip(), config.bindAddress(), media, config.users(),
                    config.media(), metrics).proxying(config.proxy(),
                    new FileBindingStore(config.dataDir().resolve("sip-bindings.tsv"))).meetings(meetings));
            sip.placeRoomsWith(home);
            if (config.sip().tlsPort() != 0) {
                // the certificate HTTPS serves: configured, or self-signed and kept in the data directory
                TlsKeystore keystore = TlsKeystore.resolve(config.http(), config.dataDir(), config.bindAddress());
                sip.useTls(new SipServer.TlsMaterial(keystore.path(), keystore.password()));
            }
            MixerConferenceMedia inRooms = media;
            drain = new Drain(inRooms::openLegCount, Duration.ofSeconds(config.operations().drainTimeoutSeconds()),
                    token, () -> {
                        ConferoServer s = running.get();
                        if (s != null) {
                            s.close();
                        }
                    });
            Drain draining = drain;
            sip.acceptCallsWhile(draining::acceptingCalls);
            sip.start();
            if (config.webrtc().port() != 0) {
                webrtc = parts.add("webrtc", new WebRtcGateway(config.webrtc(), config.bindAddress(), metrics));
                webrtc.start();
            }
            org.confero.server.cascade.Cascade cascade = parts.add("cascade", new org.confero.server.cascade.Cascade(
                    config.cascade(), media, sip.mediaTransport(), metrics, config.sip().rtpTimeoutSeconds()));
            Listeners listeners = Listeners.from(config.http());
            if (listeners.httpPort() != Listeners.OFF || listeners.httpsPort() != Listeners.OFF) {
                BrowserCalls browsers = webrtc == null ? new NoBrowserCalls()
                        : parts.add("browsers", new BrowserCallService(media, webrtc, metrics, meetings));
                IceServers iceServers = new IceServers(config.webrtc().iceServers(), config.webrtc().turn(),
                        config.webrtc().relayOnly(), Clock.systemUTC());
                SignallingEndpoint signalling = parts.add("signalling", new SignallingEndpoint(browsers, metrics,
                        SignallingLimits.DEFAULTS, iceServers, sip.guards(), draining::acceptingCalls, sip.chat()));
                Recordings recordings = parts.add("recordings", new Recordings(config.dataDir().resolve("recordings"),
                        media, recordingPolicy(config), config.recording().retentionDays(), metrics,
                        java.time.Clock.systemUTC()));
                signalling.recordings(recordings);
                hostServices.api.recordings(recordings);
                signalling.hostSessions(hostServices.sessions);
                http = parts.add("http", new HttpServer(config.http(), listeners, config.bindAddress(),
                        config.dataDir(), metrics, new ConfiguredRoomLookup(rooms, media, config, home), signalling,
                        draining, hostServices.api));
                http.routeFirst(cascade.api());
                http.start();
            }
        } catch (Exception e) {
            parts.close();
            throw new StartupException("Confero failed to start: " + e.getMessage(), e);
        }
        ConferoServer server = new ConferoServer(config, parts, metrics, media, sip, webrtc, http, drain,
                hostServices.accounts, home instanceof ClusterNode node ? node : null);
        running.set(server);
        metrics.gauge("confero_ready", "1 while accepting new calls, 0 while draining", () -> drain.ready() ? 1 : 0);
        for (String line : ListeningLines.of(config)) {
            LOG.info("listening {}", line);
        }
        for (String line : AnnouncedLines.of(config, webrtc)) {
            LOG.info("announced {}", line);
        }
        LOG.info("Confero started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return server;
    }

    /**
     * Today any participant of a room whose configuration allows recording may start and stop it, when recording
     * is enabled on the server; host roles will narrow this to the room's hosts.
     */
    private static RecordingPolicy recordingPolicy(ConferoConfig config) {
        java.util.Set<String> allowed = config.rooms().stream().filter(r -> r.recordingAllowed())
                .map(r -> r.id()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        return (roomId, participantId) -> config.recording().enabled() && allowed.contains(roomId);
    }

    public ConferoConfig config() {
        return config;
    }

    public Metrics metrics() {
        return metrics;
    }

    public MixerConferenceMedia media() {
        return media;
    }

    public SipServer sip() {
        return sip;
    }

    /** The WebRTC gateway, or null when {@code webrtc.port} is 0. */
    public WebRtcGateway webrtc() {
        return webrtc;
    }

    /** The HTTP server, or null when both HTTP ports are off. */
    public HttpServer http() {
        return http;
    }

    /** Accepting new calls (not draining). */
    public boolean isReady() {
        return drain.ready() && !closed.get();
    }

    /**
     * Stops taking new calls and stops the server once every room is empty or {@code drain.timeout} has
     * passed; returns the participants still in rooms. Idempotent.
     */
    public int drain() {
        return drain.startDrain();
    }

    /** Host accounts in the server's database (what {@code confero host add} does, for tests and admin pages). */
    public HostAccounts hostAccounts() {
        return hostAccounts;
    }

    /** This node's cluster membership; empty when cluster mode is off. */
    public java.util.Optional<ClusterNode> cluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Stops every part in reverse start order; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Confero stopping");
        try {
            parts.close();
        } finally {
            LOG.info("Confero stopped");
            stopped.countDown();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Blocks until {@link #close()} has finished or the timeout passes; returns whether it finished. */
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void createDataDir(ConferoConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException | SecurityException e) {
            throw new ConfigException("data-dir " + config.dataDir() + " cannot be created: " + e);
        }
    }
}
