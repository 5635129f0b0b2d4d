package org.confero.server.webrtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.confero.server.config.WebRtcConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.net.AnnouncedAddress;
import org.confero.server.webrtc.dtls.DtlsCertificate;
import org.confero.server.webrtc.dtls.Fingerprint;
import org.confero.server.webrtc.ice.FilteringUdpHarvester;
import org.confero.server.webrtc.ice.IceBufferPool;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's WebRTC media entry: one UDP port shared by all browsers (ICE, DTLS and SRTP multiplexed,
 * RFC 7983), one self-signed ECDSA certificate, and the sessions. A watchdog closes sessions whose browser went
 * silent (consent freshness, RFC 7675 §5.1) or never connected.
 *
 * <p>Threading: {@link #createSession} and {@link #close} may be called from any thread.
 */
public final class WebRtcGateway implements AutoCloseable {
    private static final String CONSENT_INTERVAL_PROPERTY = "ice4j.consent-freshness.interval";
    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<java.util.logging.Logger> QUIET_LOGGERS = new java.util.ArrayList<>();

    static {
        // ice4j must never probe the AWS metadata address (169.254.169.254); set before the first Agent exists.
        System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        // ice4j's push API: the shared port's reader thread hands each peer's datagrams straight to its session
        // (no thread and no queue per browser); read when a harvester starts its thread
        AbstractUdpListener.USE_PUSH_API = true;
        IceBufferPool.install();
        // RFC 7675 §5.1 sends consent checks every 5 s on average; we want a departed browser noticed within 10 s
        if (System.getProperty(CONSENT_INTERVAL_PROPERTY) == null) {
            System.setProperty(CONSENT_INTERVAL_PROPERTY, "2 seconds");
        }
        // ice4j and jitsi-srtp log every ICE step at INFO through java.util.logging; keep only their warnings
        for (String name : new String[] {"org.ice4j", "org.jitsi"}) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET_LOGGERS.add(logger);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcGateway.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 500;

    /**
     * @param remoteAddressFilter remote addresses we may send connectivity checks to (loopback only when bound to
     *     loopback, whatever this says)
     * @param consentTimeout a connected browser silent this long is gone (RFC 7675 §5.1 suggests 30 s; we want
     *     departures noticed within 10 s, and browsers send audio and RTCP continuously)
     * @param connectTimeout ICE plus DTLS must finish within this after the session was created
     */
    public record Options(Predicate<InetAddress> remoteAddressFilter, Duration consentTimeout, Duration connectTimeout) {
        public Options {
            Objects.requireNonNull(remoteAddressFilter, "remoteAddressFilter");
            if (consentTimeout.isNegative() || consentTimeout.isZero() || connectTimeout.isNegative()
                    || connectTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        public static Options defaults() {
            return new Options(a -> true, Duration.ofSeconds(7), Duration.ofSeconds(30));
        }
    }

    private final WebRtcConfig config;
    private final String bindAddress;
    private final String advertised;
    private final Options options;
    private final WebRtcMetrics metrics;
    private final Set<WebRtcSession> sessions = ConcurrentHashMap.newKeySet();
    private final Predicate<InetAddress> remoteFilter;

    private volatile SinglePortUdpHarvester harvester;
    private volatile DtlsCertificate certificate;
    private volatile ScheduledExecutorService watchdog;
    private volatile int port;
    private volatile boolean closed;

    public WebRtcGateway(WebRtcConfig config, String bindAddress, Metrics metrics) {
        this(config, bindAddress, metrics, Options.defaults());
    }

    public WebRtcGateway(WebRtcConfig config, String bindAddress, Metrics metrics, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = new WebRtcMetrics(metrics);
        this.advertised = AnnouncedAddress.choose(config.publicAddress(), bindAddress);
        Predicate<InetAddress> sane = a -> !a.isMulticastAddress() && !a.isAnyLocalAddress();
        boolean loopbackBind = isLoopback(bindAddress);
        this.remoteFilter = loopbackBind
                ? sane.and(InetAddress::isLoopbackAddress).and(options.remoteAddressFilter())
                : sane.and(options.remoteAddressFilter());
        metrics.gauge("confero_webrtc_sessions", "WebRTC sessions open", sessions::size);
    }

    /** Binds the UDP port (a free one when the configured port is 0) and generates the certificate. */
    public synchronized void start() {
        if (harvester != null) {
            return;
        }
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            int wanted = config.port() != 0 ? config.port() : freePort(address);
            harvester = new FilteringUdpHarvester(new TransportAddress(address, wanted, Transport.UDP), remoteFilter);
            port = wanted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind WebRTC UDP port " + config.port() + " on " + bindAddress, e);
        }
        certificate = DtlsCertificate.generate("confero");
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webrtc-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::checkSessions, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.info("webrtc gateway listening on udp {}:{} (announced as {}), fingerprint {}", bindAddress, port,
                advertisedAddress(), certificate.fingerprint().attributeValue());
    }

    /** The bound UDP port (after {@link #start()}). */
    public int localPort() {
        return port;
    }

    /**
     * The address our ICE candidates carry: {@code publicAddress} when configured, else the bind address, else
     * (bound to every address) the address of the default route's interface; never a wildcard.
     */
    public String advertisedAddress() {
        return advertised;
    }

    public Fingerprint fingerprint() {
        requireStarted();
        return certificate.fingerprint();
    }

    /** STUN/TURN URLs for browsers' RTCPeerConnection configuration. */
    public List<String> iceServers() {
        return config.iceServers();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * A new session for one browser; ICE starts when the answerer applies the browser's offer.
     *
     * @throws IllegalStateException when the gateway is not started or already closed
     */
    public WebRtcSession createSession(String participantId, MediaHandler handler, SessionListener listener) {
        requireStarted();
        WebRtcSession session;
        try {
            session = new WebRtcSession(participantId, this, harvester, certificate, advertisedAddress(), handler,
                    listener, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ICE agent", e);
        }
        sessions.add(session);
        metrics.sessionsCreated.increment();
        if (closed) {
            session.close(new CloseReason(CloseReason.Kind.GATEWAY_CLOSED, "gateway closed"));
            throw new IllegalStateException("gateway closed");
        }
        return session;
    }

    /**
     * Fault injection, for tests of how browsers recover: frees the ICE agent that carries the participant's media,
     * as if its network path had broken. The browser's checks go unanswered, so it restarts ICE (or the consent
     * watchdog ends the session). Returns false when the participant has no session here.
     */
    public boolean breakMediaPath(String participantId) {
        for (WebRtcSession s : sessions) {
            if (s.participantId().equals(participantId)) {
                LOG.warn("webrtc participant={} media path broken on purpose (fault injection)", participantId);
                s.breakMediaPath();
                return true;
            }
        }
        return false;
    }

    Predicate<InetAddress> remoteAddressFilter() {
        return remoteFilter;
    }

    /** Closes a session on the watchdog thread, for callers that must not block (receive path, DTLS thread). */
    void closeLater(WebRtcSession session, CloseReason reason) {
        try {
            watchdog.execute(() -> session.close(reason));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            session.close(reason); // gateway shutting down: its close() is closing every session anyway
        }
    }

    /** Runs short housekeeping (DTLS records after the handshake) on the watchdog thread; dropped at shutdown. */
    void runInBackground(Runnable task) {
        try {
            watchdog.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // the gateway is closing every session
        }
    }

    /** Like {@link #runInBackground}, but runs the task at once when the gateway is shutting down. */
    void runSoon(Runnable task) {
        try {
            watchdog.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();
        }
    }

    void removed(WebRtcSession session) {
        sessions.remove(session);
    }

    private void checkSessions() {
        long now = System.nanoTime();
        for (WebRtcSession s : sessions) {
            try {
                WebRtcSession.State state = s.state();
                // while an ICE restart runs the old pair may be dead (that is why the browser restarts): the
                // restart gets the connect timeout to find a new pair, and consent is judged again afterwards
                s.expireIceRestart(now, options.connectTimeout().toNanos());
                if (s.iceRestarting()) {
                    continue;
                }
                if (state == WebRtcSession.State.CONNECTED && s.millisSilent() > options.consentTimeout().toMillis()) {
                    s.close(new CloseReason(CloseReason.Kind.CONSENT_EXPIRED,
                            "no packet and no consent answer for " + options.consentTimeout().toSeconds() + " s"));
                } else if (state != WebRtcSession.State.CONNECTED && state != WebRtcSession.State.CLOSED
                        && now - s.createdNanos() > options.connectTimeout().toNanos()) {
                    s.close(new CloseReason(state == WebRtcSession.State.DTLS ? CloseReason.Kind.DTLS_FAILED
                            : CloseReason.Kind.ICE_FAILED, "not connected after "
                            + options.connectTimeout().toSeconds() + " s"));
                }
            } catch (RuntimeException e) {
                LOG.warn("webrtc participant={} watchdog error: {}", s.participantId(), e.toString());
            }
        }
    }

    /** Closes every session, the watchdog and the UDP port. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (WebRtcSession s : List.copyOf(sessions)) {
            s.close(new CloseReason(CloseReason.Kind.GATEWAY_CLOSED, "gateway closed"));
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
            try {
                watchdog.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (harvester != null) {
            harvester.close();
        }
        LOG.info("webrtc gateway closed");
    }

    private void requireStarted() {
        if (harvester == null) {
            throw new IllegalStateException("gateway not started");
        }
        if (closed) {
            throw new IllegalStateException("gateway closed");
        }
    }

    private static int freePort(InetAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
