package org.confero.server.signalling;

import java.net.URI;
import java.util.EnumMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.server.chat.ChatHub;
import org.confero.server.config.GuardConfig;
import org.confero.server.guard.Guards;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.slf4j.LoggerFactory;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The {@code /ws} endpoint: one {@link SignallingSocket} per browser connection, all sharing the media side
 * ({@link BrowserCalls}), the limits and the counters.
 */
public final class SignallingEndpoint implements AutoCloseable {
    public static final String PATH = "/ws";

    private final BrowserCalls calls;
    private final SignallingLimits limits;
    private final Guards guards;
    private final ChatHub chat;
    private volatile RecordingControl recordings = RecordingControl.NONE;
    private volatile HostSessions hostSessions = HostSessions.NONE;
    /** The name of the hosts' session cookie (set at login, see the API's Authenticator). */
    private static final String SESSION_COOKIE = "confero_session";
    /** Error replies are the attacker's to repeat: one log line per second across all sockets. */
    private final SampledLog errorLog = new SampledLog(LoggerFactory.getLogger(SignallingSocket.class), 1_000);
    private final IceServers iceServers;
    private final BooleanSupplier acceptingJoins;
    private final MessageCodec codec = new MessageCodec();
    private final Map<ErrorCode, Metrics.Counter> errorCounters = new EnumMap<>(ErrorCode.class);
    private final Metrics.Counter opened;
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signalling-timers");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param iceServerUrls STUN/TURN URLs handed to browsers in {@code joined}
     */
    public SignallingEndpoint(BrowserCalls calls, Metrics metrics, SignallingLimits limits,
            List<String> iceServerUrls) {
        this(calls, metrics, limits, iceServerUrls,
                Guards.create(GuardConfig.DEFAULTS, metrics, java.time.Clock.systemUTC()));
    }

    /** @param guards join rates, bans and PIN limits, shared with SIP so a ban holds on both */
    public SignallingEndpoint(BrowserCalls calls, Metrics metrics, SignallingLimits limits,
            List<String> iceServerUrls, Guards guards) {
        this(calls, metrics, limits, IceServers.withoutCredentials(iceServerUrls), guards, () -> true,
                new ChatHub(metrics, java.time.Clock.systemUTC()));
    }

    /**
     * @param iceServers STUN/TURN entries with per-participant TURN credentials
     * @param acceptingJoins false while the server drains: joins are refused with {@code server-draining}
     * @param chat the rooms' chat, shared with SIP MESSAGE
     */
    public SignallingEndpoint(BrowserCalls calls, Metrics metrics, SignallingLimits limits, IceServers iceServers,
            Guards guards, BooleanSupplier acceptingJoins, ChatHub chat) {
        this.acceptingJoins = Objects.requireNonNull(acceptingJoins, "acceptingJoins");
        this.chat = Objects.requireNonNull(chat, "chat");
        this.guards = Objects.requireNonNull(guards, "guards");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.iceServers = Objects.requireNonNull(iceServers, "iceServers");
        for (ErrorCode code : ErrorCode.values()) {
            errorCounters.put(code, metrics.counter(code.metricName(),
                    "Signalling messages refused with error " + code.wire()));
        }
        this.opened = metrics.counter("confero_signalling_sockets_opened_total", "Signalling sockets opened");
        metrics.gauge("confero_signalling_sockets_open", "Signalling sockets open now", open::get);
    }

    /** Maps {@link #PATH} in the container and applies the socket limits. */
    public void install(ServerWebSocketContainer container) {
        // Jetty closes anything far above our limit itself (1009); up to 4x we answer with a readable error.
        container.setMaxTextMessageSize(4L * limits.maxMessageBytes());
        container.setMaxBinaryMessageSize(1024);
        container.setIdleTimeout(limits.idleTimeout());
        // A browser that stops reading must not make us buffer without bound.
        container.setMaxOutgoingFrames(512);
        container.addMapping(PATH, (request, response, callback) -> new SignallingSocket(this, signedIn(request)));
    }

    /** Where the session cookie of an upgrade is looked up; until set, nobody is signed in. */
    public void hostSessions(HostSessions sessions) {
        this.hostSessions = Objects.requireNonNull(sessions, "sessions");
    }

    /**
     * The host whose session cookie came with the upgrade. Only a same-origin upgrade counts: another site can
     * make the browser open a WebSocket with our cookie (cross-site WebSocket hijacking), but not fake its Origin.
     */
    private Optional<SignedInHost> signedIn(Request request) {
        String token = null;
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(SESSION_COOKIE)) {
                token = cookie.getValue();
            }
        }
        if (token == null || !sameOrigin(request)) {
            return Optional.empty();
        }
        try {
            return hostSessions.byCookie(token);
        } catch (RuntimeException e) {
            errorLog.warn(System.currentTimeMillis(), "session lookup failed on a WebSocket upgrade: {}", e.toString());
            return Optional.empty();
        }
    }

    private static boolean sameOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String authority = request.getHeaders().get(HttpHeader.HOST);
        if (origin == null || authority == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String originAuthority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(originAuthority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    BrowserCalls calls() {
        return calls;
    }

    /** Where {@code record} requests go; until set, every request is refused with {@code not-allowed}. */
    public void recordings(RecordingControl control) {
        this.recordings = Objects.requireNonNull(control, "control");
    }

    RecordingControl recordings() {
        return recordings;
    }

    ChatHub chat() {
        return chat;
    }

    Guards guards() {
        return guards;
    }

    SampledLog errorLog() {
        return errorLog;
    }

    SignallingLimits limits() {
        return limits;
    }

    IceServers iceServers() {
        return iceServers;
    }

    boolean acceptingJoins() {
        return acceptingJoins.getAsBoolean();
    }

    MessageCodec codec() {
        return codec;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    void countError(ErrorCode code) {
        errorCounters.get(code).increment();
    }

    void socketOpened() {
        opened.increment();
        open.incrementAndGet();
    }

    void socketClosed() {
        open.decrementAndGet();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
